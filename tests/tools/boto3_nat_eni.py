"""NAT gateways, network interfaces and DHCP option sets through boto3 (the machine's /usr/bin/python3, Debian's
python3-boto3), unmodified, pointed at the sandbox's EC2 door with only the endpoint and
credentials changed; the waiters run in real time (a NAT gateway is pending a few seconds of the
sandbox clock). Run by tests/tools/boto3-nat-eni.test.ts: ENDPOINT, ACCESS_KEY, SECRET_KEY,
REGION, AMI in the environment; prints one JSON object of observations the test asserts on;
exits non-zero on any unexpected error.
"""
import json
import os

from sandbox_boto3 import ec2_client, error_code

ec2 = ec2_client()
ami = os.environ["AMI"]
fast = {"Delay": 1, "MaxAttempts": 60}
seen = {}


vpc_id = ec2.create_vpc(CidrBlock="10.70.0.0/16")["Vpc"]["VpcId"]
subnet_id = ec2.create_subnet(VpcId=vpc_id, CidrBlock="10.70.1.0/24")["Subnet"]["SubnetId"]
igw_id = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
ec2.attach_internet_gateway(InternetGatewayId=igw_id, VpcId=vpc_id)

# NAT gateway: pending, then available (real-time waiter), then deleted.
eip = ec2.allocate_address(Domain="vpc")
nat = ec2.create_nat_gateway(SubnetId=subnet_id, AllocationId=eip["AllocationId"])["NatGateway"]
nat_id = nat["NatGatewayId"]
seen["nat_created"] = {"prefix": nat_id.split("-")[0], "state": nat["State"], "public_ip": nat["NatGatewayAddresses"][0]["PublicIp"] == eip["PublicIp"]}
ec2.get_waiter("nat_gateway_available").wait(NatGatewayIds=[nat_id], WaiterConfig=fast)
seen["nat_available"] = [n["NatGatewayId"] for n in ec2.describe_nat_gateways(Filters=[{"Name": "state", "Values": ["available"]}])["NatGateways"]] == [nat_id]
rtb_id = ec2.create_route_table(VpcId=vpc_id)["RouteTable"]["RouteTableId"]
ec2.create_route(RouteTableId=rtb_id, DestinationCidrBlock="0.0.0.0/0", NatGatewayId=nat_id)
seen["nat_route"] = [r.get("NatGatewayId") for r in ec2.describe_route_tables(RouteTableIds=[rtb_id])["RouteTables"][0]["Routes"]]
ec2.delete_route(RouteTableId=rtb_id, DestinationCidrBlock="0.0.0.0/0")
ec2.delete_route_table(RouteTableId=rtb_id)
seen["nat_delete"] = ec2.delete_nat_gateway(NatGatewayId=nat_id)["NatGatewayId"] == nat_id
ec2.get_waiter("nat_gateway_deleted").wait(NatGatewayIds=[nat_id], WaiterConfig=fast)
seen["nat_missing"] = error_code(ec2.delete_nat_gateway, NatGatewayId="nat-0123456789abcdef0")

# Network interface: created, attached to an instance, detached, modified, deleted.
eni = ec2.create_network_interface(SubnetId=subnet_id, Description="boto3")["NetworkInterface"]
eni_id = eni["NetworkInterfaceId"]
ec2.get_waiter("network_interface_available").wait(NetworkInterfaceIds=[eni_id], WaiterConfig=fast)
seen["eni_created"] = {"prefix": eni_id.split("-")[0], "status": eni["Status"], "in_subnet": eni["PrivateIpAddress"].startswith("10.70.1.")}
instance_id = ec2.run_instances(ImageId=ami, InstanceType="t3.micro", MinCount=1, MaxCount=1, SubnetId=subnet_id)["Instances"][0]["InstanceId"]
ec2.get_waiter("instance_running").wait(InstanceIds=[instance_id], WaiterConfig={"Delay": 2, "MaxAttempts": 60})
attachment_id = ec2.attach_network_interface(NetworkInterfaceId=eni_id, InstanceId=instance_id, DeviceIndex=1)["AttachmentId"]
on_instance = ec2.describe_network_interfaces(Filters=[{"Name": "attachment.instance-id", "Values": [instance_id]}])["NetworkInterfaces"]
seen["eni_on_instance"] = sorted(e["Attachment"]["DeviceIndex"] for e in on_instance)
second = ec2.create_network_interface(SubnetId=subnet_id)["NetworkInterface"]["NetworkInterfaceId"]
seen["eni_limit"] = error_code(ec2.attach_network_interface, NetworkInterfaceId=second, InstanceId=instance_id, DeviceIndex=2)
seen["eni_delete_in_use"] = error_code(ec2.delete_network_interface, NetworkInterfaceId=eni_id)
ec2.modify_network_interface_attribute(NetworkInterfaceId=eni_id, Attachment={"AttachmentId": attachment_id, "DeleteOnTermination": True})
seen["eni_delete_on_termination"] = ec2.describe_network_interfaces(NetworkInterfaceIds=[eni_id])["NetworkInterfaces"][0]["Attachment"]["DeleteOnTermination"]
ec2.detach_network_interface(AttachmentId=attachment_id)
ec2.get_waiter("network_interface_available").wait(NetworkInterfaceIds=[eni_id], WaiterConfig=fast)
ec2.modify_network_interface_attribute(NetworkInterfaceId=eni_id, Description={"Value": "changed"})
seen["eni_described"] = sorted(e["Description"] for e in ec2.describe_network_interfaces(Filters=[{"Name": "subnet-id", "Values": [subnet_id]}, {"Name": "status", "Values": ["available"]}])["NetworkInterfaces"])
ec2.delete_network_interface(NetworkInterfaceId=eni_id)
ec2.delete_network_interface(NetworkInterfaceId=second)
seen["eni_gone"] = error_code(ec2.describe_network_interfaces, NetworkInterfaceIds=[eni_id])

ec2.terminate_instances(InstanceIds=[instance_id])

# DHCP option set: created, associated, refused deletion while used, deleted.
dopt = ec2.create_dhcp_options(DhcpConfigurations=[{"Key": "domain-name-servers", "Values": ["10.70.0.2"]}])["DhcpOptions"]
dopt_id = dopt["DhcpOptionsId"]
ec2.associate_dhcp_options(DhcpOptionsId=dopt_id, VpcId=vpc_id)
seen["dhcp_vpc"] = ec2.describe_vpcs(VpcIds=[vpc_id])["Vpcs"][0]["DhcpOptionsId"] == dopt_id
seen["dhcp_listed"] = [d["DhcpConfigurations"] for d in ec2.describe_dhcp_options(Filters=[{"Name": "dhcp-options-id", "Values": [dopt_id]}])["DhcpOptions"]]
seen["dhcp_in_use"] = error_code(ec2.delete_dhcp_options, DhcpOptionsId=dopt_id)
ec2.associate_dhcp_options(DhcpOptionsId="default", VpcId=vpc_id)
ec2.delete_dhcp_options(DhcpOptionsId=dopt_id)
seen["dhcp_gone"] = error_code(ec2.describe_dhcp_options, DhcpOptionsIds=[dopt_id])
print(json.dumps(seen))
