"""RegisterImage, CreateSnapshots, DescribeVolumesModifications and the Amazon Linux 2 / arm64 SSM
names through boto3, in real time (quick durations, the ticker running, the clock never moved):
the default waiters (snapshot_completed, image_available) do the waiting. Prints one JSON line
with what the test asserts."""
import json
import sys
import time

import boto3
from botocore.exceptions import ClientError

endpoint, key, secret, region = sys.argv[1:5]
kw = dict(endpoint_url=endpoint, region_name=region, aws_access_key_id=key, aws_secret_access_key=secret)
ec2, ssm = boto3.client('ec2', **kw), boto3.client('ssm', **kw)


def code_of(call, **params):
    try:
        call(**params)
    except ClientError as e:
        return e.response['Error']['Code']
    return None


out = {}
names = ['/aws/service/ami-amazon-linux-latest/amzn2-ami-hvm-x86_64-gp2', '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64']
params = ssm.get_parameters(Names=names)['Parameters']
out['ssm'] = {p['Name']: p['Value'] for p in params}
out['ssmArch'] = {i['ImageId']: i['Architecture'] for i in ec2.describe_images(ImageIds=[p['Value'] for p in params])['Images']}

ami = out['ssm'][names[0]]
iid = ec2.run_instances(ImageId=ami, InstanceType='t3.micro', MinCount=1, MaxCount=1,
                        BlockDeviceMappings=[{'DeviceName': '/dev/sdf', 'Ebs': {'VolumeSize': 20}}])['Instances'][0]['InstanceId']
ec2.get_waiter('instance_running').wait(InstanceIds=[iid])
volumes = ec2.describe_volumes(Filters=[{'Name': 'attachment.instance-id', 'Values': [iid]}])['Volumes']
root = next(v for v in volumes if v['Attachments'][0]['Device'] == '/dev/xvda')
data = next(v for v in volumes if v['VolumeId'] != root['VolumeId'])
ec2.create_tags(Resources=[data['VolumeId']], Tags=[{'Key': 'role', 'Value': 'data'}])

# CreateSnapshots: every volume in one call, tags copied from the volumes.
snaps = ec2.create_snapshots(InstanceSpecification={'InstanceId': iid}, Description='boto3 set', CopyTagsFromSource='volume',
                             TagSpecifications=[{'ResourceType': 'snapshot', 'Tags': [{'Key': 'set', 'Value': 'b3'}]}])['Snapshots']
out['setVolumes'] = sorted(s['VolumeId'] for s in snaps) == sorted(v['VolumeId'] for v in volumes)
out['setTags'] = sorted(f"{t['Key']}={t['Value']}" for t in next(s for s in snaps if s['VolumeId'] == data['VolumeId'])['Tags'])
t0 = time.time()
ec2.get_waiter('snapshot_completed').wait(SnapshotIds=[s['SnapshotId'] for s in snaps])
out['snapshotsCompletedSeconds'] = time.time() - t0
out['excludeRootError'] = code_of(ec2.create_snapshots, InstanceSpecification={'InstanceId': iid, 'ExcludeDataVolumeIds': [root['VolumeId']]})

# RegisterImage from the root volume's snapshot, then the image_available waiter.
root_snap = next(s['SnapshotId'] for s in snaps if s['VolumeId'] == root['VolumeId'])
image = ec2.register_image(Name='boto3 registered', RootDeviceName='/dev/xvda', Architecture='x86_64', VirtualizationType='hvm',
                           BlockDeviceMappings=[{'DeviceName': '/dev/xvda', 'Ebs': {'SnapshotId': root_snap}}])['ImageId']
t1 = time.time()
ec2.get_waiter('image_available').wait(ImageIds=[image])
out['imageAvailableSeconds'] = time.time() - t1
out['image'] = ec2.describe_images(ImageIds=[image])['Images'][0]['State']
out['registerErrors'] = [
    code_of(ec2.register_image, Name='boto3 registered', BlockDeviceMappings=[{'DeviceName': '/dev/xvda', 'Ebs': {'SnapshotId': root_snap}}]),
    code_of(ec2.register_image, Name='bad*name', BlockDeviceMappings=[{'DeviceName': '/dev/xvda', 'Ebs': {'SnapshotId': root_snap}}]),
    code_of(ec2.register_image, Name='missing', BlockDeviceMappings=[{'DeviceName': '/dev/xvda', 'Ebs': {'SnapshotId': 'snap-00000000000000001'}}]),
    code_of(ec2.register_image, Name='no-root', RootDeviceName='/dev/sda1', BlockDeviceMappings=[{'DeviceName': '/dev/xvda', 'Ebs': {'SnapshotId': root_snap}}]),
]

# ModifyVolume, then DescribeVolumesModifications until completed (quick durations: seconds).
ec2.modify_volume(VolumeId=data['VolumeId'], Size=40)
states = []
deadline = time.time() + 120
while time.time() < deadline:
    m = ec2.describe_volumes_modifications(VolumeIds=[data['VolumeId']])['VolumesModifications'][0]
    if not states or states[-1] != m['ModificationState']:
        states.append(m['ModificationState'])
    if m['ModificationState'] == 'completed':
        out['finalProgress'] = m['Progress']
        break
    time.sleep(1)
out['modificationStates'] = states
out['neverModified'] = code_of(ec2.describe_volumes_modifications, VolumeIds=[root['VolumeId']])
paginated = [m['VolumeId'] for page in ec2.get_paginator('describe_volumes_modifications').paginate(PaginationConfig={'PageSize': 5}) for m in page['VolumesModifications']]
out['paginated'] = paginated == [data['VolumeId']]
print(json.dumps(out))
