"""The EC2 breadth actions of issue 15 through boto3 (the machine's /usr/bin/python3, Debian's
python3-boto3), unmodified, pointed at the sandbox's EC2 door with only the endpoint and
credentials changed: security group egress rules and rules by id, interface addresses and
attributes, IAM instance profiles, instance resets and credits, placement groups, network ACLs,
egress-only gateways, prefix lists. Run by tests/tools/boto3-breadth.test.ts: ENDPOINT,
ACCESS_KEY, SECRET_KEY, REGION, AMI in the environment; prints one JSON object of observations the
test asserts on; exits non-zero on any unexpected error.
"""
import json
import os

from sandbox_boto3 import ec2_client, error_code

ec2 = ec2_client()
ami = os.environ["AMI"]
fast = {"Delay": 1, "MaxAttempts": 90}
seen = {}


# Security groups: egress rules, rules by id, descriptions.
vpc_id = ec2.create_vpc(CidrBlock="10.80.0.0/16")["Vpc"]["VpcId"]
subnet_id = ec2.create_subnet(VpcId=vpc_id, CidrBlock="10.80.1.0/24")["Subnet"]["SubnetId"]
sg = ec2.create_security_group(GroupName="breadth", Description="boto3 breadth", VpcId=vpc_id)["GroupId"]
ec2.authorize_security_group_egress(
    GroupId=sg, IpPermissions=[{"IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "IpRanges": [{"CidrIp": "10.80.0.0/16"}]}]
)
ec2.revoke_security_group_egress(GroupId=sg, IpPermissions=[{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
group = ec2.describe_security_groups(GroupIds=[sg])["SecurityGroups"][0]
seen["egress"] = [(p["IpProtocol"], p.get("FromPort")) for p in group["IpPermissionsEgress"]]
rules = ec2.describe_security_group_rules(Filters=[{"Name": "group-id", "Values": [sg]}])["SecurityGroupRules"]
rule_id = rules[0]["SecurityGroupRuleId"]
ec2.modify_security_group_rules(
    GroupId=sg,
    SecurityGroupRules=[{"SecurityGroupRuleId": rule_id, "SecurityGroupRule": {"IpProtocol": "tcp", "FromPort": 6432, "ToPort": 6432, "CidrIpv4": "10.80.0.0/16"}}],
)
ec2.update_security_group_rule_descriptions_egress(GroupId=sg, SecurityGroupRuleDescriptions=[{"SecurityGroupRuleId": rule_id, "Description": "pgbouncer"}])
after = ec2.describe_security_group_rules(SecurityGroupRuleIds=[rule_id])["SecurityGroupRules"][0]
seen["rule_modified"] = [after["FromPort"], after.get("Description")]
# (GetSecurityGroupsForVpc is newer than Debian's botocore 1.29: tests/e2e/ec2-security-group-rules.test.ts covers it.)
seen["references"] = ec2.describe_security_group_references(GroupId=[sg])["SecurityGroupReferenceSet"]
seen["rule_missing"] = error_code(ec2.describe_security_group_rules, SecurityGroupRuleIds=["sgr-0000000000000000f"])

# An instance, its interfaces and profile.
instance_id = ec2.run_instances(ImageId=ami, InstanceType="t3.micro", MinCount=1, MaxCount=1, SubnetId=subnet_id)["Instances"][0]["InstanceId"]
ec2.get_waiter("instance_running").wait(InstanceIds=[instance_id], WaiterConfig=fast)
eni = ec2.create_network_interface(SubnetId=subnet_id, Groups=[sg])["NetworkInterface"]["NetworkInterfaceId"]
assigned = ec2.assign_private_ip_addresses(NetworkInterfaceId=eni, SecondaryPrivateIpAddressCount=2)["AssignedPrivateIpAddresses"]
seen["assigned"] = len(assigned)
ec2.unassign_private_ip_addresses(NetworkInterfaceId=eni, PrivateIpAddresses=[assigned[0]["PrivateIpAddress"]])
seen["addresses_left"] = len(ec2.describe_network_interfaces(NetworkInterfaceIds=[eni])["NetworkInterfaces"][0]["PrivateIpAddresses"])
ec2.modify_network_interface_attribute(NetworkInterfaceId=eni, SourceDestCheck={"Value": False})
ec2.reset_network_interface_attribute(NetworkInterfaceId=eni, SourceDestCheck="sourceDestCheck")
seen["eni_check"] = ec2.describe_network_interface_attribute(NetworkInterfaceId=eni, Attribute="sourceDestCheck")["SourceDestCheck"]["Value"]
assoc = ec2.associate_iam_instance_profile(InstanceId=instance_id, IamInstanceProfile={"Name": "app-role"})["IamInstanceProfileAssociation"]
listed = ec2.describe_iam_instance_profile_associations(AssociationIds=[assoc["AssociationId"]])["IamInstanceProfileAssociations"]
seen["profile"] = [a["IamInstanceProfile"]["Arn"].split("/")[-1] for a in listed]
ec2.disassociate_iam_instance_profile(AssociationId=assoc["AssociationId"])
seen["profile_gone"] = ec2.describe_iam_instance_profile_associations(Filters=[{"Name": "instance-id", "Values": [instance_id]}])["IamInstanceProfileAssociations"]
credit = ec2.modify_instance_credit_specification(InstanceCreditSpecifications=[{"InstanceId": instance_id, "CpuCredits": "standard"}])
seen["credit"] = [s["InstanceId"] == instance_id for s in credit["SuccessfulInstanceCreditSpecifications"]]
ec2.reset_instance_attribute(InstanceId=instance_id, Attribute="sourceDestCheck")
vol = ec2.create_volume(AvailabilityZone=ec2.describe_subnets(SubnetIds=[subnet_id])["Subnets"][0]["AvailabilityZone"], Size=10)["VolumeId"]
ec2.enable_volume_io(VolumeId=vol)
seen["volume_io_missing"] = error_code(ec2.enable_volume_io, VolumeId="vol-0123456789abcdef0")

# Placement groups.
ec2.create_placement_group(GroupName="batch", Strategy="cluster")
ec2.stop_instances(InstanceIds=[instance_id])
ec2.get_waiter("instance_stopped").wait(InstanceIds=[instance_id], WaiterConfig=fast)
ec2.modify_instance_placement(InstanceId=instance_id, GroupName="batch")
seen["placement"] = ec2.describe_instances(InstanceIds=[instance_id])["Reservations"][0]["Instances"][0]["Placement"]["GroupName"]
seen["placement_in_use"] = error_code(ec2.delete_placement_group, GroupName="batch")
seen["placement_groups"] = [(g["GroupName"], g["Strategy"]) for g in ec2.describe_placement_groups()["PlacementGroups"]]

# Network ACLs.
acl = ec2.create_network_acl(VpcId=vpc_id)["NetworkAcl"]["NetworkAclId"]
ec2.create_network_acl_entry(NetworkAclId=acl, RuleNumber=100, Protocol="6", RuleAction="allow", Egress=False, CidrBlock="0.0.0.0/0", PortRange={"From": 80, "To": 80})
ec2.replace_network_acl_entry(NetworkAclId=acl, RuleNumber=100, Protocol="6", RuleAction="allow", Egress=False, CidrBlock="0.0.0.0/0", PortRange={"From": 443, "To": 443})
ec2.create_network_acl_entry(NetworkAclId=acl, RuleNumber=200, Protocol="-1", RuleAction="deny", Egress=True, CidrBlock="10.0.0.0/8")
ec2.delete_network_acl_entry(NetworkAclId=acl, RuleNumber=200, Egress=True)
default_acl = ec2.describe_network_acls(Filters=[{"Name": "vpc-id", "Values": [vpc_id]}, {"Name": "default", "Values": ["true"]}])["NetworkAcls"][0]
association = [x for x in default_acl["Associations"] if x["SubnetId"] == subnet_id][0]["NetworkAclAssociationId"]
new_assoc = ec2.replace_network_acl_association(AssociationId=association, NetworkAclId=acl)["NewAssociationId"]
mine = ec2.describe_network_acls(NetworkAclIds=[acl])["NetworkAcls"][0]
seen["acl_entries"] = [(e["RuleNumber"], e["Egress"], e.get("PortRange", {}).get("From")) for e in mine["Entries"]]
seen["acl_subnets"] = [x["SubnetId"] == subnet_id for x in mine["Associations"]]
seen["acl_in_use"] = error_code(ec2.delete_network_acl, NetworkAclId=acl)
ec2.replace_network_acl_association(AssociationId=new_assoc, NetworkAclId=default_acl["NetworkAclId"])
ec2.delete_network_acl(NetworkAclId=acl)

# Egress-only gateways and prefix lists.
eigw = ec2.create_egress_only_internet_gateway(VpcId=vpc_id)["EgressOnlyInternetGateway"]["EgressOnlyInternetGatewayId"]
seen["eigw"] = [g["EgressOnlyInternetGatewayId"] == eigw for g in ec2.describe_egress_only_internet_gateways()["EgressOnlyInternetGateways"]]
seen["eigw_deleted"] = ec2.delete_egress_only_internet_gateway(EgressOnlyInternetGatewayId=eigw)["ReturnCode"]
seen["prefix_lists"] = sorted(p["PrefixListName"].split(".")[-1] for p in ec2.describe_prefix_lists()["PrefixLists"])
seen["managed_owner"] = sorted({p["OwnerId"] for p in ec2.describe_managed_prefix_lists()["PrefixLists"]})

ec2.terminate_instances(InstanceIds=[instance_id])
print(json.dumps(seen))
