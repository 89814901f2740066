"""The network actions through boto3 (the machine's /usr/bin/python3, Debian's python3-boto3),
unmodified, pointed at the sandbox's EC2 door with only the endpoint and credentials changed.
Run by tests/tools/boto3-network.test.ts: ENDPOINT, ACCESS_KEY, SECRET_KEY, REGION, AMI in the
environment; prints one JSON object of observations the test asserts on; exits non-zero on any
unexpected error.
"""
import json
import os

from sandbox_boto3 import ec2_client, error_code

ec2 = ec2_client()
ami = os.environ["AMI"]
seen = {}


attrs = ec2.describe_account_attributes()["AccountAttributes"]
seen["attributes"] = {a["AttributeName"]: [v["AttributeValue"] for v in a["AttributeValues"]] for a in attrs}
default = ec2.describe_vpcs(Filters=[{"Name": "isDefault", "Values": ["true"]}])["Vpcs"]
seen["default_vpc"] = {"id": default[0]["VpcId"], "cidr": default[0]["CidrBlock"]}
seen["zone_ids"] = [z["ZoneId"] for z in ec2.describe_availability_zones()["AvailabilityZones"]]
seen["default_subnets"] = sorted(
    s["CidrBlock"] for s in ec2.describe_subnets(Filters=[{"Name": "default-for-az", "Values": ["true"]}])["Subnets"]
)

vpc = ec2.create_vpc(CidrBlock="10.60.0.0/16")["Vpc"]
vpc_id = vpc["VpcId"]
ec2.get_waiter("vpc_available").wait(VpcIds=[vpc_id], WaiterConfig={"Delay": 1, "MaxAttempts": 30})
ec2.modify_vpc_attribute(VpcId=vpc_id, EnableDnsSupport={"Value": False})
seen["dns_support"] = ec2.describe_vpc_attribute(VpcId=vpc_id, Attribute="enableDnsSupport")["EnableDnsSupport"]["Value"]
seen["bad_vpc"] = error_code(ec2.create_vpc, CidrBlock="10.0.0.0/30")
subnet = ec2.create_subnet(VpcId=vpc_id, CidrBlock="10.60.0.0/24")["Subnet"]
subnet_id = subnet["SubnetId"]
ec2.get_waiter("subnet_available").wait(SubnetIds=[subnet_id], WaiterConfig={"Delay": 1, "MaxAttempts": 30})
seen["subnet"] = {"prefix": subnet_id.split("-")[0], "available": subnet["AvailableIpAddressCount"]}
seen["conflict"] = error_code(ec2.create_subnet, VpcId=vpc_id, CidrBlock="10.60.0.128/25")
seen["outside"] = error_code(ec2.create_subnet, VpcId=vpc_id, CidrBlock="10.61.0.0/24")
ec2.modify_subnet_attribute(SubnetId=subnet_id, MapPublicIpOnLaunch={"Value": True})

igw_id = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
ec2.attach_internet_gateway(InternetGatewayId=igw_id, VpcId=vpc_id)
rtb_id = ec2.create_route_table(VpcId=vpc_id)["RouteTable"]["RouteTableId"]
ec2.create_route(RouteTableId=rtb_id, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw_id)
assoc_id = ec2.associate_route_table(RouteTableId=rtb_id, SubnetId=subnet_id)["AssociationId"]
rtb = ec2.describe_route_tables(RouteTableIds=[rtb_id])["RouteTables"][0]
seen["routes"] = [[r["DestinationCidrBlock"], r.get("GatewayId")] for r in rtb["Routes"]]
seen["acl_subnets"] = [
    a["SubnetId"] for a in ec2.describe_network_acls(Filters=[{"Name": "vpc-id", "Values": [vpc_id]}])["NetworkAcls"][0]["Associations"]
]
seen["dhcp"] = len(ec2.describe_dhcp_options()["DhcpOptions"])

run = ec2.run_instances(ImageId=ami, InstanceType="t2.micro", MinCount=1, MaxCount=1, SubnetId=subnet_id)
instance_id = run["Instances"][0]["InstanceId"]
inst = ec2.describe_instances(InstanceIds=[instance_id])["Reservations"][0]["Instances"][0]
seen["instance"] = {"vpc": inst["VpcId"] == vpc_id, "subnet": inst["SubnetId"] == subnet_id, "ip": inst["PrivateIpAddress"]}
seen["delete_vpc_in_use"] = error_code(ec2.delete_vpc, VpcId=vpc_id)

ec2.get_waiter("instance_running").wait(InstanceIds=[instance_id], WaiterConfig={"Delay": 2, "MaxAttempts": 60})
ec2.terminate_instances(InstanceIds=[instance_id])
ec2.disassociate_route_table(AssociationId=assoc_id)
ec2.delete_route(RouteTableId=rtb_id, DestinationCidrBlock="0.0.0.0/0")
ec2.delete_route_table(RouteTableId=rtb_id)
ec2.detach_internet_gateway(InternetGatewayId=igw_id, VpcId=vpc_id)
ec2.delete_internet_gateway(InternetGatewayId=igw_id)
ec2.delete_subnet(SubnetId=subnet_id)
ec2.delete_vpc(VpcId=vpc_id)
seen["gone"] = error_code(ec2.describe_vpcs, VpcIds=[vpc_id])
print(json.dumps(seen))
