import { beforeEach, describe, expect, it } from 'vitest';
import { errorOf, MemorySandbox } from '../../support/memory-sandbox';

/**
 * EC2's egress-only internet gateways over their typed operations
 * (shared/actions/vpc/egress-only-gateway-operations.ts), on the in-memory store: typed refusals
 * (vpcNotFound, egressOnlyGatewayNotFound) that write nothing, and ClientToken idempotency through
 * `call.perform`.
 */

type Gateway = { EgressOnlyInternetGatewayId: string; Attachments: { State: string; VpcId: string }[]; Tags: { Key: string; Value: string }[] };

describe('EC2 egress-only internet gateways', () => {
  let sandbox: MemorySandbox;
  let vpcId: string;
  beforeEach(async () => {
    sandbox = await MemorySandbox.withAccount();
    vpcId = (await sandbox.ec2<{ Vpc: { VpcId: string } }>('CreateVpc', { CidrBlock: '10.8.0.0/16' })).Vpc.VpcId;
  });
  const refused = async (call: () => Promise<unknown>) => {
    const before = sandbox.store.dump();
    const error = await errorOf(call());
    expect(sandbox.store.dump()).toEqual(before);
    return error.code;
  };
  const list = async (params: Record<string, string> = {}) =>
    (await sandbox.ec2<{ EgressOnlyInternetGateways: Gateway[] }>('DescribeEgressOnlyInternetGateways', params)).EgressOnlyInternetGateways;

  it('creates one attached to its VPC, answers a retry with the same ClientToken with the same gateway, and deletes it', async () => {
    const params = {
      VpcId: vpcId,
      ClientToken: 'eigw-token-1',
      'TagSpecification.1.ResourceType': 'egress-only-internet-gateway',
      'TagSpecification.1.Tag.1.Key': 'k',
      'TagSpecification.1.Tag.1.Value': 'v',
    };
    const first = await sandbox.ec2<{ EgressOnlyInternetGateway: Gateway; ClientToken: string }>('CreateEgressOnlyInternetGateway', params);
    expect(first.EgressOnlyInternetGateway).toMatchObject({ Attachments: [{ State: 'attached', VpcId: vpcId }], Tags: [{ Key: 'k', Value: 'v' }] });
    expect(first.ClientToken).toBe('eigw-token-1');
    const again = await sandbox.ec2<{ EgressOnlyInternetGateway: Gateway }>('CreateEgressOnlyInternetGateway', params);
    expect(again.EgressOnlyInternetGateway.EgressOnlyInternetGatewayId).toBe(first.EgressOnlyInternetGateway.EgressOnlyInternetGatewayId);
    expect(await list()).toHaveLength(1);
    const id = first.EgressOnlyInternetGateway.EgressOnlyInternetGatewayId;
    expect((await list({ 'EgressOnlyInternetGatewayId.1': id })).map((g) => g.EgressOnlyInternetGatewayId)).toEqual([id]);
    await sandbox.ec2('DeleteEgressOnlyInternetGateway', { EgressOnlyInternetGatewayId: id });
    expect(await list()).toEqual([]);
  });

  it('refuses an unknown VPC and an unknown gateway, writing nothing', async () => {
    expect(await refused(() => sandbox.ec2('CreateEgressOnlyInternetGateway', { VpcId: 'vpc-0123456789abcdef0' }))).toBe('InvalidVpcID.NotFound');
    expect(await refused(() => sandbox.ec2('DeleteEgressOnlyInternetGateway', { EgressOnlyInternetGatewayId: 'eigw-0123456789abcdef0' }))).toBe(
      'InvalidGatewayID.NotFound',
    );
    expect(await refused(() => sandbox.ec2('DescribeEgressOnlyInternetGateways', { 'EgressOnlyInternetGatewayId.1': 'eigw-0123456789abcdef0' }))).toBe(
      'InvalidGatewayID.NotFound',
    );
  });
});
