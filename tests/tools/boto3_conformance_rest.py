"""The EC2 actions no other boto3 or aws CLI suite calls (issue 15's conformance suite: every
implemented action and its errors through boto3): launch template versions, image copies and
deprecation, instance attributes, key import, group rules and listings, internet gateways, routes,
default VPC and subnet, placement group deletion, snapshot attributes and the retired ClassicLink
calls (GetSecurityGroupsForVpc excepted: Debian's boto3 predates it). Run by tests/tools/boto3-conformance-rest.test.ts with ENDPOINT, ACCESS_KEY, SECRET_KEY,
REGION and AMI in the environment; prints one JSON object: for each action, what a boto3 user saw
(a value read from the answer, or the error code).
"""
import json
import os

from sandbox_boto3 import ec2_client
from sandbox_boto3 import error_code as code_of
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

ec2 = ec2_client()
ami = os.environ["AMI"]
fast = {"Delay": 1, "MaxAttempts": 120}
seen = {}


# Key import: a real RSA public key, and material that is not one.
public = rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key().public_bytes(
    serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH
)
seen["import_key_pair"] = ec2.import_key_pair(KeyName="imported", PublicKeyMaterial=public)["KeyName"]
seen["import_key_pair_bad"] = code_of(ec2.import_key_pair, KeyName="bad", PublicKeyMaterial=b"not a key")

# An instance: its attributes, a launch template from it, an image of it.
iid = ec2.run_instances(ImageId=ami, InstanceType="t3.micro", MinCount=1, MaxCount=1)["Instances"][0]["InstanceId"]
ec2.get_waiter("instance_running").wait(InstanceIds=[iid], WaiterConfig=fast)
seen["describe_instance_attribute"] = ec2.describe_instance_attribute(InstanceId=iid, Attribute="instanceType")["InstanceType"]["Value"]
seen["describe_instance_attribute_bad"] = code_of(ec2.describe_instance_attribute, InstanceId=iid, Attribute="noSuchAttribute")
seen["get_launch_template_data"] = ec2.get_launch_template_data(InstanceId=iid)["LaunchTemplateData"]["InstanceType"]
seen["get_launch_template_data_bad"] = code_of(ec2.get_launch_template_data, InstanceId="i-0000000000000dead")

lt = ec2.create_launch_template(LaunchTemplateName="conformance", LaunchTemplateData={"ImageId": ami, "InstanceType": "t3.micro"})["LaunchTemplate"]["LaunchTemplateId"]
seen["create_launch_template_version"] = ec2.create_launch_template_version(
    LaunchTemplateId=lt, SourceVersion="1", LaunchTemplateData={"InstanceType": "t3.small"}
)["LaunchTemplateVersion"]["VersionNumber"]
seen["create_launch_template_version_bad"] = code_of(ec2.create_launch_template_version, LaunchTemplateId="lt-0000000000000dead", LaunchTemplateData={})
seen["modify_launch_template"] = ec2.modify_launch_template(LaunchTemplateId=lt, DefaultVersion="2")["LaunchTemplate"]["DefaultVersionNumber"]
seen["describe_launch_template_versions"] = sorted(
    (v["VersionNumber"], v["DefaultVersion"]) for v in ec2.describe_launch_template_versions(LaunchTemplateId=lt)["LaunchTemplateVersions"]
)
deleted = ec2.delete_launch_template_versions(LaunchTemplateId=lt, Versions=["1", "2"])
seen["delete_launch_template_versions"] = [v["VersionNumber"] for v in deleted["SuccessfullyDeletedLaunchTemplateVersions"]]
seen["delete_launch_template_versions_default"] = [v["ResponseError"]["Code"] for v in deleted["UnsuccessfullyDeletedLaunchTemplateVersions"]]

image = ec2.create_image(InstanceId=iid, Name="conformance-image")["ImageId"]
ec2.get_waiter("image_available").wait(ImageIds=[image], WaiterConfig=fast)
copy = ec2.copy_image(SourceImageId=image, SourceRegion=os.environ["REGION"], Name="conformance-copy")["ImageId"]
seen["copy_image"] = copy.startswith("ami-") and copy != image
seen["copy_image_bad"] = code_of(ec2.copy_image, SourceImageId="ami-0000000000000dead", SourceRegion=os.environ["REGION"], Name="x-copy")
seen["enable_image_deprecation"] = ec2.enable_image_deprecation(ImageId=image, DeprecateAt="2030-01-01T00:00:00Z")["Return"]
seen["deprecation_time"] = ec2.describe_images(ImageIds=[image])["Images"][0].get("DeprecationTime", "")[:10]
seen["disable_image_deprecation"] = ec2.disable_image_deprecation(ImageId=image)["Return"]
seen["enable_image_deprecation_bad"] = code_of(ec2.enable_image_deprecation, ImageId="ami-0000000000000dead", DeprecateAt="2030-01-01T00:00:00Z")

# Snapshot attributes: removing permissions is accepted; sharing is not simulated.
volume = ec2.describe_volumes(Filters=[{"Name": "attachment.instance-id", "Values": [iid]}])["Volumes"][0]["VolumeId"]
snap = ec2.create_snapshot(VolumeId=volume)["SnapshotId"]
ec2.get_waiter("snapshot_completed").wait(SnapshotIds=[snap], WaiterConfig=fast)
ec2.modify_snapshot_attribute(SnapshotId=snap, Attribute="createVolumePermission", OperationType="remove", UserIds=["123456789012"])
seen["modify_snapshot_attribute"] = ec2.describe_snapshot_attribute(SnapshotId=snap, Attribute="createVolumePermission")["CreateVolumePermissions"]
seen["modify_snapshot_attribute_bad"] = code_of(ec2.modify_snapshot_attribute, SnapshotId="snap-0000000000000dead", Attribute="createVolumePermission", OperationType="remove", UserIds=["123456789012"])

# Security group rules and listings.
vpc = ec2.create_vpc(CidrBlock="10.90.0.0/16")["Vpc"]["VpcId"]
sg = ec2.create_security_group(GroupName="conformance", Description="rules", VpcId=vpc)["GroupId"]
rule = {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}
ec2.authorize_security_group_ingress(GroupId=sg, IpPermissions=[rule])
seen["revoke_security_group_ingress"] = ec2.revoke_security_group_ingress(GroupId=sg, IpPermissions=[rule])["Return"]
seen["revoke_security_group_ingress_bad"] = code_of(ec2.revoke_security_group_ingress, GroupId="sg-0000000000000dead", IpPermissions=[rule])
# GetSecurityGroupsForVpc is newer than Debian's boto3 1.26: tests/e2e/ec2-security-group-rules.test.ts calls it through the JS SDK.

# Internet gateways and routes.
igw = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=vpc)
seen["describe_internet_gateways"] = [a["VpcId"] for a in ec2.describe_internet_gateways(InternetGatewayIds=[igw])["InternetGateways"][0]["Attachments"]]
seen["describe_internet_gateways_bad"] = code_of(ec2.describe_internet_gateways, InternetGatewayIds=["igw-0000000000000dead"])
table = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
ec2.create_route(RouteTableId=table, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw)
seen["replace_route_bad"] = code_of(ec2.replace_route, RouteTableId=table, DestinationCidrBlock="192.168.0.0/16", GatewayId=igw)

# A fresh account already has its default VPC and subnets.
zone = ec2.describe_availability_zones()["AvailabilityZones"][0]["ZoneName"]
seen["create_default_vpc"] = code_of(ec2.create_default_vpc)
seen["create_default_subnet"] = code_of(ec2.create_default_subnet, AvailabilityZone=zone)

# Placement groups.
ec2.create_placement_group(GroupName="conformance-pg", Strategy="spread")
ec2.delete_placement_group(GroupName="conformance-pg")
seen["delete_placement_group"] = [g["GroupName"] for g in ec2.describe_placement_groups()["PlacementGroups"]]
seen["delete_placement_group_bad"] = code_of(ec2.delete_placement_group, GroupName="conformance-pg")

# ClassicLink is retired on AWS too.
seen["describe_vpc_classic_link"] = code_of(ec2.describe_vpc_classic_link)
seen["describe_vpc_classic_link_dns_support"] = code_of(ec2.describe_vpc_classic_link_dns_support)

print(json.dumps(seen))
