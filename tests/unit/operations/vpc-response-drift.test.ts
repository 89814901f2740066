import * as VpcSdk from '@alicloud/vpc20160428';
import { beforeAll, describe, expect, it } from 'vitest';
import { MemorySandbox } from '../../support/memory-sandbox';
import { driftOf, type Model } from '../../support/sdk-response-drift';

/**
 * Drift of the VPC API answers from the official `@alicloud/vpc20160428` response models (issue 12,
 * item 3): real answers of the VPC actions (on the in-memory store) walked field by field against
 * `<Action>ResponseBody`, as tests/unit/operations/response-drift.test.ts does for ECS. A field the
 * model does not know, or of another JSON type, fails unless listed with its reason (docs/sdk-drift.md).
 */
const models = VpcSdk as unknown as Record<string, Model | undefined>;

/** Answered fields the models lack, with the reason (docs/sdk-drift.md "VPC answers"). */
const LISTED: Record<string, string> = {
  'DescribeRouteTables.RouteTables.RouteTable.RouteTableName': 'one route table view serves DescribeRouteTables and DescribeRouteTableList, whose model has it',
  'DescribeRouteTables.RouteTables.RouteTable.Description': 'one route table view serves DescribeRouteTables and DescribeRouteTableList, whose model has it',
  'DescribeRouteTables.RouteTables.RouteTable.VpcId': 'one route table view serves DescribeRouteTables and DescribeRouteTableList, whose model has it',
  'DescribeRouteTables.RouteTables.RouteTable.Tags': 'one route table view serves DescribeRouteTables and DescribeRouteTableList, whose model has it',
  'DescribeRouteTables.RouteTables.RouteTable.RouteEntrys.RouteEntry.IpVersion':
    'one route entry view serves DescribeRouteTables and DescribeRouteEntryList, whose model has it',
  'DescribeRouteTables.RouteTables.RouteTable.RouteEntrys.RouteEntry.Origin':
    'one route entry view serves DescribeRouteTables and DescribeRouteEntryList, whose model has it',
  'DescribeRouteEntryList.RouteEntrys.RouteEntry.InstanceId':
    'one route entry view; DescribeRouteTables’ model has the next hop flat, DescribeRouteEntryList’s under NextHops (also answered)',
  'DescribeRouteEntryList.RouteEntrys.RouteEntry.NextHopType':
    'one route entry view; DescribeRouteTables’ model has the next hop flat, DescribeRouteEntryList’s under NextHops (also answered)',
  'AssociateRouteTable.AssociationId': 'the EC2 AssociateRouteTable answer carries the association id, which it takes from this answer',
};

describe('VPC answers against the official SDK response models', () => {
  const answers: [string, unknown][] = [];
  beforeAll(async () => {
    const sandbox = await MemorySandbox.withAccount();
    const call = async (action: string, params: Record<string, string | number | boolean> = {}) => {
      const out = await sandbox.ecs(action, params);
      answers.push([action, out]);
      return out as Record<string, any>;
    };
    const vpc = await call('CreateVpc', { CidrBlock: '10.0.0.0/16', VpcName: 'drift' });
    await sandbox.passTime(60);
    await call('DescribeVpcs');
    await call('ModifyVpcAttribute', { VpcId: vpc.VpcId, Description: 'drift' });
    const vSwitch = await call('CreateVSwitch', { VpcId: vpc.VpcId, ZoneId: 'cn-hangzhou-i', CidrBlock: '10.0.1.0/24' });
    await sandbox.passTime(60);
    await call('DescribeVSwitches', { VpcId: vpc.VpcId });
    await call('ModifyVSwitchAttribute', { VSwitchId: vSwitch.VSwitchId, Description: 'drift' });
    const tables = await call('DescribeRouteTables', { VRouterId: vpc.VRouterId });
    const table = await call('CreateRouteTable', { VpcId: vpc.VpcId });
    await call('AssociateRouteTable', { RouteTableId: table.RouteTableId, VSwitchId: vSwitch.VSwitchId });
    await call('DescribeRouteEntryList', { RouteTableId: tables.RouteTables.RouteTable[0].RouteTableId });
    const nat = await call('CreateNatGateway', { VpcId: vpc.VpcId, VSwitchId: vSwitch.VSwitchId, NatType: 'Enhanced' });
    await sandbox.passTime(600);
    await call('DescribeNatGateways', { VpcId: vpc.VpcId });
    await call('DeleteNatGateway', { NatGatewayId: nat.NatGatewayId });
    const eip = await call('AllocateEipAddress');
    await call('DescribeEipAddresses');
    await call('ReleaseEipAddress', { AllocationId: eip.AllocationId });
  });

  it('answers only fields of the model, with the model’s types', () => {
    const drift: string[] = [];
    for (const [action, answer] of answers) {
      const model = models[`${action}ResponseBody`];
      expect(model, `${action} has a response model`).toBeDefined();
      driftOf(answer, model!, action, drift);
    }
    expect(answers.length).toBeGreaterThan(10);
    const unlisted = drift.map((d) => d.replace(/\[\d+\]/g, '')).filter((d) => !(d.split(' ')[0]! in LISTED));
    expect([...new Set(unlisted)], 'answered fields missing from the SDK model, or of another type').toEqual([]);
    // A listed entry that no longer differs goes from the list.
    const seen = new Set(drift.map((d) => d.replace(/\[\d+\]/g, '').split(' ')[0]));
    expect(
      Object.keys(LISTED).filter((k) => !seen.has(k)),
      'listed differences that no longer differ',
    ).toEqual([]);
  });

  it('would notice a drift: an unknown or retyped field is reported', () => {
    const drift: string[] = [];
    driftOf({ VpcId: 7, Vpc: {} }, models.CreateVpcResponseBody!, 'CreateVpc', drift);
    expect(drift).toEqual(['CreateVpc.VpcId (model string, answered number)', 'CreateVpc.Vpc (not in the model)']);
  });
});
