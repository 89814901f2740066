import { DescribeInstanceAttributeCommand, ModifyInstanceAttributeCommand, RunInstancesCommand, StopInstancesCommand } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { Ecs, sdkError } from '../support/ecs-client';
import { advanceClock, ec2Error, newEc2Account } from '../support/ec2';
import { create, launch, launchRunning, newAccount, REGION } from '../support/instances';

/**
 * User data in both dialects and instance RAM roles, through the official SDKs: stored at launch,
 * read back as given, changed by ModifyInstanceAttribute, and refused as the references say.
 */
const b64 = (s: string) => Buffer.from(s).toString('base64');
const SCRIPT = b64('#!/bin/sh\necho hello ecs\n');
/** Amazon Linux 2023 in every region (the EC2 dialect's catalogue). */
const AMI = 'ami-0a2f7c3e9d14b5601';

describe('ECS user data', () => {
  it('RunInstances stores UserData; DescribeUserData returns it as given; none is an empty string', async () => {
    const account = await newAccount();
    const [withData] = await launch(account, { userData: SCRIPT });
    const bare = await create(account);
    const got = await account.client.describeUserData(new Ecs.DescribeUserDataRequest({ regionId: REGION, instanceId: withData }));
    expect(got.body).toMatchObject({ instanceId: withData, regionId: REGION, userData: SCRIPT });
    const none = await account.client.describeUserData(new Ecs.DescribeUserDataRequest({ regionId: REGION, instanceId: bare }));
    expect(none.body?.userData).toBe('');
  });

  it('ModifyInstanceAttribute replaces the user data; a bad value changes nothing', async () => {
    const account = await newAccount();
    const id = await launchRunning(account, { userData: SCRIPT });
    const next = b64('#cloud-config\nruncmd: [ls]\n');
    await account.client.modifyInstanceAttribute(new Ecs.ModifyInstanceAttributeRequest({ instanceId: id, userData: next }));
    const read = async () => (await account.client.describeUserData(new Ecs.DescribeUserDataRequest({ regionId: REGION, instanceId: id }))).body?.userData;
    expect(await read()).toBe(next);
    // 32 KB raw is the limit (one byte more is refused); not Base64 is InvalidParameter.
    const big = Buffer.alloc(32 * 1024 + 1, 'a').toString('base64');
    expect(await sdkError(account.client.modifyInstanceAttribute(new Ecs.ModifyInstanceAttributeRequest({ instanceId: id, userData: big })))).toMatchObject({
      code: 'InvalidUserData.SizeExceeded',
      statusCode: 400,
    });
    expect(
      await sdkError(
        account.client.modifyInstanceAttribute(new Ecs.ModifyInstanceAttributeRequest({ instanceId: id, userData: 'not base64!', instanceName: 'renamed' })),
      ),
    ).toMatchObject({ code: 'InvalidParameter', statusCode: 400 });
    expect(await read()).toBe(next);
    const [inst] = (await account.client.describeInstances(new Ecs.DescribeInstancesRequest({ regionId: REGION, instanceIds: JSON.stringify([id]) }))).body!
      .instances!.instance!;
    expect(inst!.instanceName).not.toBe('renamed');
    // Exactly 32 KB is accepted.
    const max = Buffer.alloc(32 * 1024, 'b').toString('base64');
    await account.client.modifyInstanceAttribute(new Ecs.ModifyInstanceAttributeRequest({ instanceId: id, userData: max }));
    expect(await read()).toBe(max);
  });

  it('RunInstances refuses user data over 32 KB and creates nothing', async () => {
    const account = await newAccount();
    const big = Buffer.alloc(33 * 1024, 'a').toString('base64');
    expect(await sdkError(launch(account, { userData: big }))).toMatchObject({ code: 'InvalidUserData.SizeExceeded', statusCode: 400 });
    const list = await account.client.describeInstances(new Ecs.DescribeInstancesRequest({ regionId: REGION }));
    expect(list.body?.totalCount).toBe(0);
  });

  it('DescribeUserData of an unknown instance is InvalidInstanceId.NotFound (404)', async () => {
    const account = await newAccount();
    expect(await sdkError(account.client.describeUserData(new Ecs.DescribeUserDataRequest({ regionId: REGION, instanceId: 'i-nothere' })))).toMatchObject({
      code: 'InvalidInstanceId.NotFound',
      statusCode: 404,
    });
  });
});

describe('EC2 user data', () => {
  it('RunInstances stores UserData; DescribeInstanceAttribute userData returns it; a change needs a stopped instance', async () => {
    const a = await newEc2Account();
    const run = await a.ec2.send(new RunInstancesCommand({ ImageId: AMI, InstanceType: 't2.micro', MinCount: 1, MaxCount: 1, UserData: SCRIPT }));
    const id = run.Instances![0]!.InstanceId!;
    const attr = await a.ec2.send(new DescribeInstanceAttributeCommand({ InstanceId: id, Attribute: 'userData' }));
    expect(attr.UserData?.Value).toBe(SCRIPT);
    // The same data through the ECS dialect.
    const ecs = await a.client.describeUserData(new Ecs.DescribeUserDataRequest({ regionId: REGION, instanceId: id }));
    expect(ecs.body?.userData).toBe(SCRIPT);

    await advanceClock(10);
    // The SDK Base64-encodes the blob it is given; the instance stores and returns that encoding.
    const raw = new TextEncoder().encode('echo changed');
    expect(await ec2Error(a.ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: id, UserData: { Value: raw } })))).toMatchObject({
      name: 'IncorrectInstanceState',
      status: 400,
    });
    await a.ec2.send(new StopInstancesCommand({ InstanceIds: [id] }));
    await advanceClock(10);
    await a.ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: id, UserData: { Value: raw } }));
    const after = await a.ec2.send(new DescribeInstanceAttributeCommand({ InstanceId: id, Attribute: 'userData' }));
    expect(after.UserData?.Value).toBe(b64('echo changed'));
    // 16 KB raw is EC2's limit, below ECS's 32 KB; the data stays as it was.
    expect(
      await ec2Error(a.ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: id, UserData: { Value: new Uint8Array(16 * 1024 + 1) } }))),
    ).toMatchObject({
      name: 'InvalidParameterValue',
      status: 400,
    });
    expect((await a.ec2.send(new DescribeInstanceAttributeCommand({ InstanceId: id, Attribute: 'userData' }))).UserData?.Value).toBe(b64('echo changed'));
  });

  it('RunInstances refuses user data that is not Base64 (InvalidUserData.Malformed) or over 16 KB', async () => {
    const a = await newEc2Account();
    const ami = AMI;
    expect(
      await ec2Error(a.ec2.send(new RunInstancesCommand({ ImageId: ami, InstanceType: 't2.micro', MinCount: 1, MaxCount: 1, UserData: '%%%' }))),
    ).toMatchObject({
      name: 'InvalidUserData.Malformed',
      status: 400,
    });
    const big = Buffer.alloc(16 * 1024 + 1, 'a').toString('base64');
    expect(
      await ec2Error(a.ec2.send(new RunInstancesCommand({ ImageId: ami, InstanceType: 't2.micro', MinCount: 1, MaxCount: 1, UserData: big }))),
    ).toMatchObject({
      name: 'InvalidParameterValue',
      status: 400,
    });
  });
});

describe('instance RAM roles', () => {
  it('RamRoleName at launch; Attach, Describe (by instance and by role), Detach', async () => {
    const account = await newAccount();
    const [withRole] = await launch(account, { ramRoleName: 'EcsServiceRole-Test' });
    const [bare] = await launch(account);
    const byIds = await account.client.describeInstanceRamRole(
      new Ecs.DescribeInstanceRamRoleRequest({ regionId: REGION, instanceIds: JSON.stringify([withRole, bare]) }),
    );
    expect(byIds.body?.instanceRamRoleSets?.instanceRamRoleSet?.map((r) => [r.instanceId, r.ramRoleName])).toEqual([
      [withRole, 'EcsServiceRole-Test'],
      [bare, ''],
    ]);

    // Attach to both: the one with a role already fails on its own line, the other gets it.
    const attach = await account.client.attachInstanceRamRole(
      new Ecs.AttachInstanceRamRoleRequest({ regionId: REGION, ramRoleName: 'OtherRole', instanceIds: JSON.stringify([withRole, bare]) }),
    );
    expect(attach.body).toMatchObject({ ramRoleName: 'OtherRole', totalCount: 2, failCount: 1 });
    const results = attach.body!.attachInstanceRamRoleResults!.attachInstanceRamRoleResult!;
    expect(results.find((r) => r.instanceId === bare)).toMatchObject({ success: true });
    expect(results.find((r) => r.instanceId === withRole)).toMatchObject({ success: false });

    const byRole = await account.client.describeInstanceRamRole(new Ecs.DescribeInstanceRamRoleRequest({ regionId: REGION, ramRoleName: 'OtherRole' }));
    expect(byRole.body?.totalCount).toBe(1);
    expect(byRole.body?.instanceRamRoleSets?.instanceRamRoleSet?.[0]?.instanceId).toBe(bare);

    // Detach naming the wrong role fails for that instance; the right one detaches.
    const wrong = await account.client.detachInstanceRamRole(
      new Ecs.DetachInstanceRamRoleRequest({ regionId: REGION, ramRoleName: 'OtherRole', instanceIds: JSON.stringify([withRole]) }),
    );
    expect(wrong.body).toMatchObject({ totalCount: 1, failCount: 1 });
    const right = await account.client.detachInstanceRamRole(
      new Ecs.DetachInstanceRamRoleRequest({ regionId: REGION, ramRoleName: 'EcsServiceRole-Test', instanceIds: JSON.stringify([withRole]) }),
    );
    expect(right.body).toMatchObject({ totalCount: 1, failCount: 0 });
    const after = await account.client.describeInstanceRamRole(
      new Ecs.DescribeInstanceRamRoleRequest({ regionId: REGION, instanceIds: JSON.stringify([withRole]) }),
    );
    expect(after.body?.instanceRamRoleSets?.instanceRamRoleSet?.[0]?.ramRoleName).toBe('');
  });

  it('a malformed role name is InvalidRamRole.NotFound (404) and launches nothing; DescribeInstanceRamRole needs ids or a name', async () => {
    const account = await newAccount();
    expect(await sdkError(launch(account, { ramRoleName: 'bad role name!' }))).toMatchObject({ code: 'InvalidRamRole.NotFound', statusCode: 404 });
    expect((await account.client.describeInstances(new Ecs.DescribeInstancesRequest({ regionId: REGION }))).body?.totalCount).toBe(0);
    expect(await sdkError(account.client.describeInstanceRamRole(new Ecs.DescribeInstanceRamRoleRequest({ regionId: REGION })))).toMatchObject({
      code: 'MissingParameter',
      statusCode: 400,
    });
  });
});
