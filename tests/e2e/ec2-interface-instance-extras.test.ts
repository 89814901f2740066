import {
  AssignPrivateIpAddressesCommand,
  AssociateIamInstanceProfileCommand,
  CreateNetworkInterfaceCommand,
  CreateSubnetCommand,
  CreateVolumeCommand,
  CreateVpcCommand,
  DeleteNetworkInterfaceCommand,
  DescribeIamInstanceProfileAssociationsCommand,
  DescribeInstanceAttributeCommand,
  DescribeInstanceCreditSpecificationsCommand,
  DescribeNetworkInterfaceAttributeCommand,
  DescribeNetworkInterfacesCommand,
  DescribeSubnetsCommand,
  DisassociateIamInstanceProfileCommand,
  EnableVolumeIOCommand,
  ModifyInstanceAttributeCommand,
  ModifyInstanceCreditSpecificationCommand,
  ModifyNetworkInterfaceAttributeCommand,
  ReplaceIamInstanceProfileAssociationCommand,
  ResetInstanceAttributeCommand,
  ResetNetworkInterfaceAttributeCommand,
  RunInstancesCommand,
  UnassignPrivateIpAddressesCommand,
  waitUntilInstanceRunning,
} from '@aws-sdk/client-ec2';
import { beforeAll, describe, expect, it } from 'vitest';
import { advanceClock, ec2Error, newEc2Account, type Ec2Account } from '../support/ec2';
import { Ecs } from '../support/ecs-client';

/**
 * Interface addresses and attributes, IAM instance profiles (ECS instance RAM roles), instance
 * attribute resets, credit specifications and EnableVolumeIO through @aws-sdk/client-ec2, with the
 * ECS twin read through @alicloud/ecs20140526.
 */
const AMI = 'ami-0a2f7c3e9d14b5601';
let a: Ec2Account;
let subnetId: string;
let instanceId: string;

beforeAll(async () => {
  a = await newEc2Account();
  const vpcId = (await a.ec2.send(new CreateVpcCommand({ CidrBlock: '10.61.0.0/16' }))).Vpc!.VpcId!;
  subnetId = (await a.ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.61.1.0/24', AvailabilityZoneId: 'cnhz-az1' }))).Subnet!.SubnetId!;
  instanceId = (await a.ec2.send(new RunInstancesCommand({ ImageId: AMI, InstanceType: 't3.micro', MinCount: 1, MaxCount: 1, SubnetId: subnetId })))
    .Instances![0]!.InstanceId!;
  await advanceClock(11);
  await waitUntilInstanceRunning({ client: a.ec2, maxWaitTime: 60, minDelay: 1, maxDelay: 2 }, { InstanceIds: [instanceId] });
});

const freeAddresses = async () => (await a.ec2.send(new DescribeSubnetsCommand({ SubnetIds: [subnetId] }))).Subnets![0]!.AvailableIpAddressCount!;

describe('secondary private addresses', () => {
  it('assigns named and counted addresses from the subnet, shows them in both dialects, unassigns them and gives them back', async () => {
    const eni = (await a.ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: subnetId }))).NetworkInterface!;
    const before = await freeAddresses();
    const named = await a.ec2.send(new AssignPrivateIpAddressesCommand({ NetworkInterfaceId: eni.NetworkInterfaceId!, PrivateIpAddresses: ['10.61.1.200'] }));
    expect(named.AssignedPrivateIpAddresses).toEqual([{ PrivateIpAddress: '10.61.1.200' }]);
    const counted = await a.ec2.send(new AssignPrivateIpAddressesCommand({ NetworkInterfaceId: eni.NetworkInterfaceId!, SecondaryPrivateIpAddressCount: 2 }));
    expect(counted.AssignedPrivateIpAddresses).toHaveLength(2);
    expect(await freeAddresses()).toBe(before - 3);

    const view = (await a.ec2.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [eni.NetworkInterfaceId!] }))).NetworkInterfaces![0]!;
    expect(view.PrivateIpAddresses!.map((p) => [p.PrivateIpAddress, p.Primary])).toEqual([
      [eni.PrivateIpAddress, true],
      ['10.61.1.200', false],
      ...counted.AssignedPrivateIpAddresses!.map((p) => [p.PrivateIpAddress, false]),
    ]);
    const ecs = await a.client.describeNetworkInterfaces(
      new Ecs.DescribeNetworkInterfacesRequest({ regionId: 'cn-hangzhou', networkInterfaceId: [eni.NetworkInterfaceId!] }),
    );
    expect(ecs.body!.networkInterfaceSets!.networkInterfaceSet![0]!.privateIpSets!.privateIpSet!.map((p) => p.privateIpAddress)).toContain('10.61.1.200');

    // An address in use (here: the interface's own) is refused and nothing changes.
    const inUse = await ec2Error(
      a.ec2.send(new AssignPrivateIpAddressesCommand({ NetworkInterfaceId: eni.NetworkInterfaceId!, PrivateIpAddresses: ['10.61.1.200'] })),
    );
    expect(inUse).toMatchObject({ name: 'InvalidIPAddress.InUse', status: 400 });
    const both = await ec2Error(
      a.ec2.send(
        new AssignPrivateIpAddressesCommand({
          NetworkInterfaceId: eni.NetworkInterfaceId!,
          PrivateIpAddresses: ['10.61.1.201'],
          SecondaryPrivateIpAddressCount: 1,
        }),
      ),
    );
    expect(both.name).toBe('InvalidParameterCombination');
    // t3.micro: 2 addresses per interface through EC2 once attached; an Available interface takes up to 49 secondary ones.
    const tooMany = await ec2Error(
      a.ec2.send(new AssignPrivateIpAddressesCommand({ NetworkInterfaceId: eni.NetworkInterfaceId!, SecondaryPrivateIpAddressCount: 47 })),
    );
    expect(tooMany).toMatchObject({ name: 'PrivateIpAddressLimitExceeded', status: 400 });
    expect(await freeAddresses()).toBe(before - 3);

    const notMine = await ec2Error(
      a.ec2.send(new UnassignPrivateIpAddressesCommand({ NetworkInterfaceId: eni.NetworkInterfaceId!, PrivateIpAddresses: ['10.61.1.250'] })),
    );
    expect(notMine.name).toBe('InvalidParameterValue');
    await a.ec2.send(new UnassignPrivateIpAddressesCommand({ NetworkInterfaceId: eni.NetworkInterfaceId!, PrivateIpAddresses: ['10.61.1.200'] }));
    expect(await freeAddresses()).toBe(before - 2);
    // Deleting the interface gives back its primary and secondary addresses.
    await a.ec2.send(new DeleteNetworkInterfaceCommand({ NetworkInterfaceId: eni.NetworkInterfaceId! }));
    expect(await freeAddresses()).toBe(before + 1);
  });

  it('the primary interface keeps its one address here (documented); an unknown interface is InvalidNetworkInterfaceID.NotFound', async () => {
    const primary = `eni-${instanceId.slice(2)}`;
    expect((await ec2Error(a.ec2.send(new AssignPrivateIpAddressesCommand({ NetworkInterfaceId: primary, SecondaryPrivateIpAddressCount: 1 })))).name).toBe(
      'UnsupportedOperation',
    );
    expect(
      (await ec2Error(a.ec2.send(new AssignPrivateIpAddressesCommand({ NetworkInterfaceId: 'eni-0123456789abcdef0', SecondaryPrivateIpAddressCount: 1 }))))
        .name,
    ).toBe('InvalidNetworkInterfaceID.NotFound');
  });
});

describe('interface attributes', () => {
  it('DescribeNetworkInterfaceAttribute answers one attribute; ResetNetworkInterfaceAttribute turns source/dest checking back on', async () => {
    const eni = (await a.ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: subnetId, Description: 'attr test' }))).NetworkInterface!;
    const id = eni.NetworkInterfaceId!;
    const desc = await a.ec2.send(new DescribeNetworkInterfaceAttributeCommand({ NetworkInterfaceId: id, Attribute: 'description' }));
    expect(desc).toMatchObject({ NetworkInterfaceId: id, Description: { Value: 'attr test' } });
    expect(desc.Groups).toBeUndefined();
    await a.ec2.send(new ModifyNetworkInterfaceAttributeCommand({ NetworkInterfaceId: id, SourceDestCheck: { Value: false } }));
    expect((await a.ec2.send(new DescribeNetworkInterfaceAttributeCommand({ NetworkInterfaceId: id, Attribute: 'sourceDestCheck' }))).SourceDestCheck).toEqual({
      Value: false,
    });
    await a.ec2.send(new ResetNetworkInterfaceAttributeCommand({ NetworkInterfaceId: id, SourceDestCheck: 'sourceDestCheck' }));
    expect((await a.ec2.send(new DescribeNetworkInterfaceAttributeCommand({ NetworkInterfaceId: id, Attribute: 'sourceDestCheck' }))).SourceDestCheck).toEqual({
      Value: true,
    });
    const groups = await a.ec2.send(new DescribeNetworkInterfaceAttributeCommand({ NetworkInterfaceId: id, Attribute: 'groupSet' }));
    expect(groups.Groups!.length).toBeGreaterThan(0);
    expect((await ec2Error(a.ec2.send(new DescribeNetworkInterfaceAttributeCommand({ NetworkInterfaceId: id, Attribute: 'bogus' as never })))).name).toBe(
      'InvalidParameterValue',
    );

    // The primary interface's flag is the instance's: ResetInstanceAttribute and ResetNetworkInterfaceAttribute both reach it.
    await a.ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: instanceId, SourceDestCheck: { Value: false } }));
    const primary = `eni-${instanceId.slice(2)}`;
    expect(
      (await a.ec2.send(new DescribeNetworkInterfaceAttributeCommand({ NetworkInterfaceId: primary, Attribute: 'sourceDestCheck' }))).SourceDestCheck,
    ).toEqual({ Value: false });
    await a.ec2.send(new ResetNetworkInterfaceAttributeCommand({ NetworkInterfaceId: primary, SourceDestCheck: 'sourceDestCheck' }));
    expect((await a.ec2.send(new DescribeInstanceAttributeCommand({ InstanceId: instanceId, Attribute: 'sourceDestCheck' }))).SourceDestCheck).toEqual({
      Value: true,
    });
  });
});

describe('IAM instance profiles (ECS instance RAM roles)', () => {
  it('associate, describe, replace, disassociate; the ECS role follows', async () => {
    const assoc = (await a.ec2.send(new AssociateIamInstanceProfileCommand({ InstanceId: instanceId, IamInstanceProfile: { Name: 'web-role' } })))
      .IamInstanceProfileAssociation!;
    expect(assoc).toMatchObject({
      InstanceId: instanceId,
      State: 'associating',
      IamInstanceProfile: { Arn: expect.stringMatching(/:instance-profile\/web-role$/) },
    });
    expect(assoc.AssociationId).toMatch(/^iip-assoc-[0-9a-f]{17}$/);
    const ecsRole = async () =>
      (await a.client.describeInstanceRamRole(new Ecs.DescribeInstanceRamRoleRequest({ regionId: 'cn-hangzhou', instanceIds: JSON.stringify([instanceId]) })))
        .body!.instanceRamRoleSets!.instanceRamRoleSet![0]!.ramRoleName;
    expect(await ecsRole()).toBe('web-role');

    const again = await ec2Error(a.ec2.send(new AssociateIamInstanceProfileCommand({ InstanceId: instanceId, IamInstanceProfile: { Name: 'other' } })));
    expect(again).toMatchObject({ name: 'IncorrectState', status: 400 });

    const listed = await a.ec2.send(new DescribeIamInstanceProfileAssociationsCommand({ Filters: [{ Name: 'instance-id', Values: [instanceId] }] }));
    expect(listed.IamInstanceProfileAssociations).toEqual([expect.objectContaining({ AssociationId: assoc.AssociationId, State: 'associated' })]);

    const replaced = (
      await a.ec2.send(
        new ReplaceIamInstanceProfileAssociationCommand({
          AssociationId: assoc.AssociationId!,
          IamInstanceProfile: { Arn: `arn:aws:iam::123456789012:instance-profile/app/batch-role` },
        }),
      )
    ).IamInstanceProfileAssociation!;
    expect(replaced.AssociationId).not.toBe(assoc.AssociationId);
    expect(await ecsRole()).toBe('batch-role');
    expect((await ec2Error(a.ec2.send(new DisassociateIamInstanceProfileCommand({ AssociationId: assoc.AssociationId! })))).name).toBe(
      'InvalidAssociationID.NotFound',
    );

    const gone = (await a.ec2.send(new DisassociateIamInstanceProfileCommand({ AssociationId: replaced.AssociationId! }))).IamInstanceProfileAssociation!;
    expect(gone.State).toBe('disassociating');
    expect(await ecsRole()).toBe('');
    expect((await a.ec2.send(new DescribeIamInstanceProfileAssociationsCommand({}))).IamInstanceProfileAssociations).toEqual([]);

    const badName = await ec2Error(a.ec2.send(new AssociateIamInstanceProfileCommand({ InstanceId: instanceId, IamInstanceProfile: { Arn: 'not-an-arn' } })));
    expect(badName.name).toBe('InvalidParameterValue');
  });
});

describe('instance resets, credits, volume I/O', () => {
  it('ResetInstanceAttribute: kernel needs a stopped instance; other attributes are InvalidParameterValue', async () => {
    expect((await ec2Error(a.ec2.send(new ResetInstanceAttributeCommand({ InstanceId: instanceId, Attribute: 'kernel' })))).name).toBe(
      'IncorrectInstanceState',
    );
    expect((await ec2Error(a.ec2.send(new ResetInstanceAttributeCommand({ InstanceId: instanceId, Attribute: 'instanceType' })))).name).toBe(
      'InvalidParameterValue',
    );
    expect((await ec2Error(a.ec2.send(new ResetInstanceAttributeCommand({ InstanceId: 'i-0123456789abcdef0', Attribute: 'sourceDestCheck' })))).name).toBe(
      'InvalidInstanceID.NotFound',
    );
  });

  it('ModifyInstanceCreditSpecification: a T3 goes standard; a non-burstable type and an unknown id are listed as unsuccessful', async () => {
    const m5 = (await a.ec2.send(new RunInstancesCommand({ ImageId: AMI, InstanceType: 'm5.large', MinCount: 1, MaxCount: 1, SubnetId: subnetId })))
      .Instances![0]!.InstanceId!;
    const out = await a.ec2.send(
      new ModifyInstanceCreditSpecificationCommand({
        InstanceCreditSpecifications: [
          { InstanceId: instanceId, CpuCredits: 'standard' },
          { InstanceId: m5, CpuCredits: 'standard' },
          { InstanceId: 'i-0123456789abcdef0', CpuCredits: 'unlimited' },
        ],
      }),
    );
    expect(out.SuccessfulInstanceCreditSpecifications).toEqual([{ InstanceId: instanceId }]);
    expect(out.UnsuccessfulInstanceCreditSpecifications!.map((u) => [u.InstanceId, u.Error!.Code])).toEqual([
      [m5, 'InstanceCreditSpecification.NotSupported'],
      ['i-0123456789abcdef0', 'InvalidInstanceID.NotFound'],
    ]);
    const specs = await a.ec2.send(new DescribeInstanceCreditSpecificationsCommand({ InstanceIds: [instanceId] }));
    expect(specs.InstanceCreditSpecifications).toEqual([{ InstanceId: instanceId, CpuCredits: 'standard' }]);
    expect(
      (
        await ec2Error(
          a.ec2.send(new ModifyInstanceCreditSpecificationCommand({ InstanceCreditSpecifications: [{ InstanceId: instanceId, CpuCredits: 'burst' }] })),
        )
      ).name,
    ).toBe('InvalidParameterValue');
  });

  it('EnableVolumeIO on an existing volume succeeds; an unknown one is InvalidVolume.NotFound', async () => {
    const vol = (await a.ec2.send(new CreateVolumeCommand({ AvailabilityZone: 'cn-hangzhou-i', Size: 20 }))).VolumeId!;
    const ok = await a.ec2.send(new EnableVolumeIOCommand({ VolumeId: vol }));
    expect(ok.$metadata.httpStatusCode).toBe(200);
    expect((await ec2Error(a.ec2.send(new EnableVolumeIOCommand({ VolumeId: 'vol-0123456789abcdef0' })))).name).toBe('InvalidVolume.NotFound');
    expect((await ec2Error(a.ec2.send(new EnableVolumeIOCommand({ VolumeId: 'bogus' })))).name).toBe('InvalidVolumeID.Malformed');
  });
});
