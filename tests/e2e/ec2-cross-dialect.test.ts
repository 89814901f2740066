import {
  CreateImageCommand,
  DescribeImagesCommand,
  DescribeInstanceAttributeCommand,
  DescribeInstancesCommand,
  DescribeSecurityGroupsCommand,
  ModifyInstanceAttributeCommand,
  RunInstancesCommand,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import { beforeAll, describe, expect, it } from 'vitest';
import { callAction, Ecs, sdkError } from '../support/ecs-client';
import { eventually } from '../support/receiver';
import { advanceClock, ec2Error, newEc2Account, type Ec2Account } from '../support/ec2';

/**
 * One resource, two views: an instance, an image, a security group created in one dialect is
 * seen in the other with the same id (same account, same region), and a rule set in one holds
 * in the other: launched through EC2, protected through ECS (ModifyInstanceAttribute
 * DeletionProtection), TerminateInstances through EC2 is refused with OperationNotPermitted.
 */
const REGION = 'cn-hangzhou';
let a: Ec2Account;

describe('one resource, two dialects', () => {
  beforeAll(async () => {
    a = await newEc2Account();
  });

  it('launched through EC2, protected through ECS: EC2 TerminateInstances is refused, then allowed once ECS lifts it', async () => {
    const [inst] = (await a.ec2.send(new RunInstancesCommand({ ImageId: 'ami-0d5b8e1f4a27c9602', InstanceType: 't3.micro', MinCount: 1, MaxCount: 1 })))
      .Instances!;
    const id = inst!.InstanceId!;
    await advanceClock(11);

    // ECS sees the same instance, under the same id, with the ECS type behind t3.micro.
    const ecs = await a.client.describeInstances(new Ecs.DescribeInstancesRequest({ regionId: REGION, instanceIds: JSON.stringify([id]) }));
    expect(ecs.body!.instances!.instance!).toEqual([
      expect.objectContaining({
        instanceId: id,
        status: 'Running',
        instanceType: 'ecs.t6-c2m1.large',
        imageId: 'ami-0d5b8e1f4a27c9602',
        deletionProtection: false,
      }),
    ]);

    await a.client.modifyInstanceAttribute(new Ecs.ModifyInstanceAttributeRequest({ instanceId: id, deletionProtection: true }));
    const attr = await a.ec2.send(new DescribeInstanceAttributeCommand({ InstanceId: id, Attribute: 'disableApiTermination' }));
    expect(attr.DisableApiTermination).toEqual({ Value: true });

    expect(await ec2Error(a.ec2.send(new TerminateInstancesCommand({ InstanceIds: [id] })))).toMatchObject({
      name: 'OperationNotPermitted',
      status: 400,
      message: `The instance '${id}' may not be terminated. Modify its 'disableApiTermination' instance attribute and try again.`,
    });
    // ECS refuses its own release the same way: one flag.
    const ecsRefusal = await sdkError(a.client.deleteInstance(new Ecs.DeleteInstanceRequest({ instanceId: id, force: true })));
    expect(ecsRefusal).toMatchObject({ code: 'InvalidOperation.DeletionProtection', statusCode: 403 });

    // Lifted through EC2, seen by ECS.
    await a.ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: id, Attribute: 'disableApiTermination', Value: 'false' }));
    const after = await a.client.describeInstances(new Ecs.DescribeInstancesRequest({ regionId: REGION, instanceIds: JSON.stringify([id]) }));
    expect(after.body!.instances!.instance![0]!.deletionProtection).toBe(false);
    const term = await a.ec2.send(new TerminateInstancesCommand({ InstanceIds: [id] }));
    expect(term.TerminatingInstances![0]).toMatchObject({
      InstanceId: id,
      PreviousState: { Code: 16, Name: 'running' },
      CurrentState: { Code: 32, Name: 'shutting-down' },
    });
    const gone = await a.client.describeInstances(new Ecs.DescribeInstancesRequest({ regionId: REGION, instanceIds: JSON.stringify([id]) }));
    expect(gone.body!.instances!.instance!).toEqual([]);

    // The risky EC2 calls raise the same alerts as their ECS twins: the refused and the
    // accepted TerminateInstances, and lifting disableApiTermination (besides ECS's refused DeleteInstance).
    const alerts = await eventually(async () => {
      const out = (await callAction(a.client, 'LookupEvents', { EventName: 'Alert.RiskyOperation', ResourceId: id, MaxResults: 100 })) as {
        Events: { Detail: { Action: string; Succeeded: boolean } }[];
      };
      return out.Events.length >= 4 ? out.Events : undefined;
    }, 'four risky-operation alerts');
    expect(alerts.map((e) => `${e.Detail.Action}:${e.Detail.Succeeded}`).sort()).toEqual([
      'DeleteInstance:false',
      'ec2:ModifyInstanceAttribute:true',
      'ec2:TerminateInstances:false',
      'ec2:TerminateInstances:true',
    ]);
  });

  it('launched through ECS (release protection on): EC2 shows it running with its EC2 type and refuses to terminate it', async () => {
    const run = await a.client.runInstances(
      new Ecs.RunInstancesRequest({
        regionId: REGION,
        imageId: 'aliyun_3_x64_20G_alibase_20240528.vhd',
        instanceType: 'ecs.t1.small',
        internetMaxBandwidthOut: 5,
        deletionProtection: true,
      }),
    );
    const id = run.body!.instanceIdSets!.instanceIdSet![0]!;
    await advanceClock(11);
    const view = (await a.ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }))).Reservations![0]!.Instances![0]!;
    expect(view).toMatchObject({
      InstanceId: id,
      InstanceType: 't2.micro',
      ImageId: 'aliyun_3_x64_20G_alibase_20240528.vhd',
      State: { Code: 16, Name: 'running' },
    });
    expect(view.PublicIpAddress).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(await ec2Error(a.ec2.send(new TerminateInstancesCommand({ InstanceIds: [id] })))).toMatchObject({ name: 'OperationNotPermitted' });
    await a.client.modifyInstanceAttribute(new Ecs.ModifyInstanceAttributeRequest({ instanceId: id, deletionProtection: false }));
    await a.ec2.send(new TerminateInstancesCommand({ InstanceIds: [id] }));
  });

  it('security groups and images: EC2 ids (sg-, ami-) in ECS, ECS ids in EC2', async () => {
    // ECS creates a group; EC2 lists it.
    const sg = await a.client.createSecurityGroup(
      new Ecs.CreateSecurityGroupRequest({ regionId: REGION, securityGroupName: 'from-ecs', description: 'made by ECS' }),
    );
    const groupId = sg.body!.securityGroupId!;
    const groups = await a.ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [groupId] }));
    expect(groups.SecurityGroups).toEqual([expect.objectContaining({ GroupId: groupId, GroupName: 'from-ecs', Description: 'made by ECS' })]);

    // The amazon AMIs are ECS system images too.
    const sys = await a.client.describeImages(new Ecs.DescribeImagesRequest({ regionId: REGION, imageId: 'ami-0a2f7c3e9d14b5601' }));
    expect(sys.body!.images!.image!).toEqual([
      expect.objectContaining({ imageId: 'ami-0a2f7c3e9d14b5601', imageOwnerAlias: 'system', imageName: 'al2023-ami-2023.5.20240624.0-kernel-6.1-x86_64' }),
    ]);
    // And the ECS public images are EC2 images, launchable by id.
    const ecsImage = await a.ec2.send(new DescribeImagesCommand({ ImageIds: ['ubuntu_22_04_x64_20G_alibase_20240710.vhd'] }));
    expect(ecsImage.Images).toEqual([expect.objectContaining({ ImageId: 'ubuntu_22_04_x64_20G_alibase_20240710.vhd', State: 'available', Public: true })]);

    // An image made through ECS (m- id) is an EC2 image; one made through EC2 (ami- id) is an ECS image.
    const [inst] = (await a.ec2.send(new RunInstancesCommand({ ImageId: 'ami-0a2f7c3e9d14b5601', InstanceType: 't2.micro', MinCount: 1, MaxCount: 1 })))
      .Instances!;
    await advanceClock(11);
    const ecsMade = await a.client.createImage(new Ecs.CreateImageRequest({ regionId: REGION, instanceId: inst!.InstanceId, imageName: 'made-by-ecs' }));
    const ecsImageId = ecsMade.body!.imageId!;
    expect(ecsImageId).toMatch(/^m-/);
    await advanceClock(3 * 3600);
    const ec2Made = await a.ec2.send(new CreateImageCommand({ InstanceId: inst!.InstanceId, Name: 'made-by-ec2' }));
    expect(ec2Made.ImageId).toMatch(/^ami-/);
    await advanceClock(3 * 3600);
    const inEc2 = await a.ec2.send(new DescribeImagesCommand({ Owners: ['self'] }));
    expect(inEc2.Images!.map((i) => [i.ImageId, i.Name, i.State]).sort()).toEqual(
      [
        [ecsImageId, 'made-by-ecs', 'available'],
        [ec2Made.ImageId, 'made-by-ec2', 'available'],
      ].sort(),
    );
    const inEcs = await a.client.describeImages(new Ecs.DescribeImagesRequest({ regionId: REGION, imageOwnerAlias: 'self' }));
    expect(inEcs.body!.images!.image!.map((i) => i.imageId).sort()).toEqual([ecsImageId, ec2Made.ImageId].sort());
    await a.ec2.send(new TerminateInstancesCommand({ InstanceIds: [inst!.InstanceId!] }));
  });
});
