"""boto3 conformance of the sandbox's EC2 dialect (issue 15), driven by tests/tools/ec2-boto3.test.ts.

Only the endpoint and the credentials change (EC2_ENDPOINT, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
AWS_DEFAULT_REGION). Every implemented action of the issue's list is called with boto3's own
models, its errors are checked by code, and the waiters of the implemented resources run with
their default delays. Prints one line per check and exits non-zero on the first failure.
"""
import os
import sys
import time

import boto3
from botocore.exceptions import ClientError

ec2 = boto3.client("ec2", endpoint_url=os.environ["EC2_ENDPOINT"])
AMI = "ami-0a2f7c3e9d14b5601"


def check(name, ok):
    print(("ok   " if ok else "FAIL ") + name, flush=True)
    if not ok:
        sys.exit(1)


def error_code(fn, **kwargs):
    try:
        fn(**kwargs)
    except ClientError as e:
        return e.response["Error"]["Code"]
    return None


regions = [r["RegionName"] for r in ec2.describe_regions()["Regions"]]
check("DescribeRegions lists the AWS defaults", all(r in regions for r in ["us-east-1", "us-east-2", "us-west-2", "eu-west-1"]))
types = ec2.describe_instance_types(InstanceTypes=["t3.micro", "m5.large"])["InstanceTypes"]
check("DescribeInstanceTypes t3.micro / m5.large", sorted(t["InstanceType"] for t in types) == ["m5.large", "t3.micro"])
check("DescribeInstanceTypes unknown", error_code(ec2.describe_instance_types, InstanceTypes=["t9.huge"]) == "InvalidInstanceType")
offers = ec2.describe_instance_type_offerings(LocationType="availability-zone")["InstanceTypeOfferings"]
check("DescribeInstanceTypeOfferings", any(o["InstanceType"] == "t3.micro" for o in offers))
images = ec2.describe_images(Owners=["amazon"])["Images"]
check("DescribeImages amazon AMIs", images and all(i["ImageId"].startswith("ami-") and i["OwnerId"] for i in images))
check("default security group", ec2.describe_security_groups(GroupNames=["default"])["SecurityGroups"][0]["GroupName"] == "default")

key = ec2.create_key_pair(KeyName="boto3-key")
ec2.get_waiter("key_pair_exists").wait(KeyNames=["boto3-key"])
check("CreateKeyPair SHA-1 fingerprint", len(key["KeyFingerprint"].split(":")) == 20)

# A launch-time public address (the default subnet maps one): the Elastic IP below replaces it.
run = ec2.run_instances(ImageId=AMI, InstanceType="t3.micro", MinCount=2, MaxCount=2, KeyName="boto3-key")
ids = [i["InstanceId"] for i in run["Instances"]]
check("RunInstances MinCount=MaxCount=2", run["ReservationId"].startswith("r-") and len(ids) == 2)
check("RunInstances malformed AMI", error_code(ec2.run_instances, ImageId="junk", MinCount=1, MaxCount=1) == "InvalidAMIID.Malformed")
ec2.get_waiter("instance_running").wait(InstanceIds=ids)
ec2.get_waiter("instance_status_ok").wait(InstanceIds=ids)
statuses = ec2.describe_instance_status(InstanceIds=ids)["InstanceStatuses"]
check("DescribeInstanceStatus ok", all(s["InstanceStatus"]["Status"] == "ok" for s in statuses) and len(statuses) == 2)
check("GetConsoleOutput", ec2.get_console_output(InstanceId=ids[0])["InstanceId"] == ids[0])
credits = ec2.describe_instance_credit_specifications(InstanceIds=ids)["InstanceCreditSpecifications"]
check("DescribeInstanceCreditSpecifications", all(c["CpuCredits"] == "unlimited" for c in credits))

ec2.create_tags(Resources=ids, Tags=[{"Key": "team", "Value": "boto3"}])
tags = ec2.describe_tags(Filters=[{"Name": "key", "Values": ["team"]}])["Tags"]
check("CreateTags / DescribeTags", sorted(t["ResourceId"] for t in tags) == sorted(ids))
check("CreateTags unknown id", error_code(ec2.create_tags, Resources=["i-00000000000000000"], Tags=[{"Key": "a", "Value": "b"}]) == "InvalidInstanceID.NotFound")
ec2.delete_tags(Resources=[ids[1]], Tags=[{"Key": "team"}])
check("DeleteTags", [t["ResourceId"] for t in ec2.describe_tags(Filters=[{"Name": "key", "Values": ["team"]}])["Tags"]] == [ids[0]])

zone = run["Instances"][0]["Placement"]["AvailabilityZone"]
vol = ec2.create_volume(AvailabilityZone=zone, Size=8, VolumeType="gp3")
ec2.get_waiter("volume_available").wait(VolumeIds=[vol["VolumeId"]])
ec2.attach_volume(VolumeId=vol["VolumeId"], InstanceId=ids[0], Device="/dev/sdf")
ec2.get_waiter("volume_in_use").wait(VolumeIds=[vol["VolumeId"]])
# in-use covers an attachment still `attaching` (as on EC2); wait, bounded, until it is `attached`.
for _ in range(60):
    if ec2.describe_volumes(VolumeIds=[vol["VolumeId"]])["Volumes"][0]["Attachments"][0]["State"] == "attached":
        break
    time.sleep(1)
check("DeleteVolume in use", error_code(ec2.delete_volume, VolumeId=vol["VolumeId"]) == "VolumeInUse")
check("ModifyVolume", ec2.modify_volume(VolumeId=vol["VolumeId"], Size=16)["VolumeModification"]["TargetSize"] == 16)
check("DescribeVolumeStatus", ec2.describe_volume_status(VolumeIds=[vol["VolumeId"]])["VolumeStatuses"][0]["VolumeStatus"]["Status"] == "ok")
check("DescribeVolumeAttribute", ec2.describe_volume_attribute(VolumeId=vol["VolumeId"], Attribute="autoEnableIO")["AutoEnableIO"]["Value"] is False)
ec2.modify_volume_attribute(VolumeId=vol["VolumeId"], AutoEnableIO={"Value": True})
check("ModifyVolumeAttribute autoEnableIO", ec2.describe_volume_attribute(VolumeId=vol["VolumeId"], Attribute="autoEnableIO")["AutoEnableIO"]["Value"] is True)
check("ModifyVolumeAttribute unknown volume", error_code(ec2.modify_volume_attribute, VolumeId="vol-0000000000000dead", AutoEnableIO={"Value": True}) == "InvalidVolume.NotFound")
snap = ec2.create_snapshot(VolumeId=vol["VolumeId"], Description="boto3")
ec2.get_waiter("snapshot_completed").wait(SnapshotIds=[snap["SnapshotId"]])
ec2.detach_volume(VolumeId=vol["VolumeId"])
ec2.get_waiter("volume_available").wait(VolumeIds=[vol["VolumeId"]])
ec2.delete_volume(VolumeId=vol["VolumeId"])
ec2.get_waiter("volume_deleted").wait(VolumeIds=[vol["VolumeId"]])
check("volume lifecycle", True)

addr = ec2.allocate_address(Domain="vpc")
assoc = ec2.associate_address(AllocationId=addr["AllocationId"], InstanceId=ids[0])
check("AssociateAddress", ec2.describe_addresses(AllocationIds=[addr["AllocationId"]])["Addresses"][0]["AssociationId"] == assoc["AssociationId"])
check("Elastic IP replaces the launch address", ec2.describe_instances(InstanceIds=[ids[0]])["Reservations"][0]["Instances"][0]["PublicIpAddress"] == addr["PublicIp"])
check("ReleaseAddress in use", error_code(ec2.release_address, AllocationId=addr["AllocationId"]) == "InvalidIPAddress.InUse")
ec2.disassociate_address(AssociationId=assoc["AssociationId"])
check("DescribeAddressesAttribute", ec2.describe_addresses_attribute(AllocationIds=[addr["AllocationId"]], Attribute="domain-name")["Addresses"][0]["AllocationId"] == addr["AllocationId"])
ec2.release_address(AllocationId=addr["AllocationId"])
check("ReleaseAddress again", error_code(ec2.release_address, AllocationId=addr["AllocationId"]) == "InvalidAllocationID.NotFound")

image = ec2.create_image(InstanceId=ids[0], Name="boto3 image (v1)")
ec2.get_waiter("image_available").wait(ImageIds=[image["ImageId"]])
check("CreateImage / image_available", ec2.describe_images(ImageIds=[image["ImageId"]])["Images"][0]["State"] == "available")
ec2.modify_image_attribute(ImageId=image["ImageId"], LaunchPermission={"Add": [{"Group": "all"}]})
ec2.reset_image_attribute(ImageId=image["ImageId"], Attribute="launchPermission")
check("ResetImageAttribute", ec2.describe_image_attribute(ImageId=image["ImageId"], Attribute="launchPermission")["LaunchPermissions"] == [])
check("ResetImageAttribute bad attribute", error_code(ec2.reset_image_attribute, ImageId=image["ImageId"], Attribute="kernel") == "InvalidParameterValue")
check("DescribeSnapshotAttribute", ec2.describe_snapshot_attribute(SnapshotId=snap["SnapshotId"], Attribute="createVolumePermission")["CreateVolumePermissions"] == [])
check(
    "ModifySnapshotAttribute add",
    error_code(ec2.modify_snapshot_attribute, SnapshotId=snap["SnapshotId"], Attribute="createVolumePermission", OperationType="add", GroupNames=["all"]) == "UnsupportedOperation",
)
ec2.reset_snapshot_attribute(SnapshotId=snap["SnapshotId"], Attribute="createVolumePermission")
check("ResetSnapshotAttribute", True)
ec2.deregister_image(ImageId=image["ImageId"])
ec2.delete_snapshot(SnapshotId=snap["SnapshotId"])

# Issue 15 part B: EC2's own rules and the rest of the instance and EBS surface.
described = ec2.describe_instances(InstanceIds=ids)["Reservations"]
check("one reservation per RunInstances call", len(described) == 1 and described[0]["ReservationId"] == run["ReservationId"])
mon = ec2.monitor_instances(InstanceIds=[ids[0]])["InstanceMonitorings"][0]
first = ec2.describe_instances(InstanceIds=[ids[0]])["Reservations"][0]["Instances"][0]
check("MonitorInstances", mon["Monitoring"]["State"] == "pending" and first["Monitoring"]["State"] == "enabled")
check("UnmonitorInstances", ec2.unmonitor_instances(InstanceIds=[ids[0]])["InstanceMonitorings"][0]["Monitoring"]["State"] == "disabling")
meta = ec2.modify_instance_metadata_options(InstanceId=ids[0], HttpTokens="required")
check("ModifyInstanceMetadataOptions", meta["InstanceMetadataOptions"]["HttpTokens"] == "required")
check("ModifyInstanceMetadataOptions bad hop limit", error_code(ec2.modify_instance_metadata_options, InstanceId=ids[0], HttpPutResponseHopLimit=99) == "InvalidParameterValue")
ec2.modify_instance_attribute(InstanceId=ids[0], DisableApiStop={"Value": True})
check("StopInstances under disableApiStop", error_code(ec2.stop_instances, InstanceIds=[ids[0]]) == "OperationNotPermitted")
ec2.modify_instance_attribute(InstanceId=ids[0], DisableApiStop={"Value": False})
check("GetEbsEncryptionByDefault", ec2.get_ebs_encryption_by_default()["EbsEncryptionByDefault"] is False)
check("EnableEbsEncryptionByDefault", ec2.enable_ebs_encryption_by_default()["EbsEncryptionByDefault"] is True)
check("GetEbsDefaultKmsKeyId", ec2.get_ebs_default_kms_key_id()["KmsKeyId"] == "alias/aws/ebs")
check("DisableEbsEncryptionByDefault", ec2.disable_ebs_encryption_by_default()["EbsEncryptionByDefault"] is False)

ec2.stop_instances(InstanceIds=[ids[1]])
ec2.get_waiter("instance_stopped").wait(InstanceIds=[ids[1]])
ec2.terminate_instances(InstanceIds=ids)
ec2.get_waiter("instance_terminated").wait(InstanceIds=ids)
ec2.delete_key_pair(KeyName="boto3-key")
check("teardown", True)
print("boto3 conformance passed")
