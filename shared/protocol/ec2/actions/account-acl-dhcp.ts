import { ApiError } from '../../../domain/errors';
import { describeVpcs } from '../../../actions/vpc/queries';
import { quotaLimit } from '../../../store/quota-counters';
import { defineEc2Action, Ec2Errors } from '../adapter';
import { applyFilters, type Filter } from '../views';
import { aclsView } from './network-acls';

/**
 * Read-only EC2 views: DescribeNetworkAcls (each VPC's default ACL and the created ones, network-acls.ts)
 * and DescribeAccountAttributes (DHCP option sets: dhcp-options.ts). They read through read-only helpers (adapter.ts allows it for facts
 * no ECS answer carries); nothing here writes.
 */

export const describeNetworkAcls = defineEc2Action<{ NetworkAclIds?: string[]; Filters?: Filter[]; DryRun?: boolean }>({
  name: 'DescribeNetworkAcls',
  uses: [],
  handle: async (input, call) => {
    let acls = await aclsView(call);
    for (const id of input.NetworkAclIds ?? []) {
      if (!acls.some((a) => a.NetworkAclId === id)) throw new ApiError('InvalidNetworkAclID.NotFound', 400, `The networkAcl ID '${id}' does not exist`);
    }
    if (input.NetworkAclIds?.length) acls = acls.filter((a) => input.NetworkAclIds!.includes(a.NetworkAclId));
    acls = applyFilters(acls, input.Filters, {
      'network-acl-id': (a) => a.NetworkAclId,
      'vpc-id': (a) => a.VpcId,
      default: (a) => a.IsDefault,
      'owner-id': (a) => a.OwnerId,
      'association.subnet-id': (a) => a.Associations.map((x) => x.SubnetId),
      'association.network-acl-id': (a) => a.NetworkAclId,
      'association.association-id': (a) => a.Associations.map((x) => x.NetworkAclAssociationId),
      'entry.rule-number': (a) => a.Entries.map((e) => e.RuleNumber),
      'entry.rule-action': (a) => a.Entries.map((e) => e.RuleAction),
      'entry.egress': (a) => a.Entries.map((e) => e.Egress),
      'entry.cidr': (a) => a.Entries.map((e) => e.CidrBlock),
      'entry.protocol': (a) => a.Entries.map((e) => e.Protocol),
    });
    return { NetworkAcls: acls };
  },
});

const ACCOUNT_ATTRIBUTES = [
  'supported-platforms',
  'default-vpc',
  'max-instances',
  'max-elastic-ips',
  'vpc-max-elastic-ips',
  'vpc-max-security-groups-per-interface',
];

export const describeAccountAttributes = defineEc2Action<{ AttributeNames?: string[]; DryRun?: boolean }>({
  name: 'DescribeAccountAttributes',
  uses: [],
  handle: async (input, call) => {
    for (const n of input.AttributeNames ?? []) {
      if (!ACCOUNT_ATTRIBUTES.includes(n)) throw Ec2Errors.invalidParameterValue(`Value (${n}) for parameter attributeName is invalid.`);
    }
    const names = input.AttributeNames?.length ? input.AttributeNames : ACCOUNT_ATTRIBUTES;
    const [defaultVpc] = (await call.perform(describeVpcs, { regionId: call.region, isDefault: true })).items;
    const [maxInstances, maxEips] = await Promise.all([
      quotaLimit(call.store, call.accountId, 'PostPaidInstances'),
      quotaLimit(call.store, call.accountId, 'Eips'),
    ]);
    const value = (name: string): string[] => {
      switch (name) {
        case 'supported-platforms':
          return ['VPC'];
        case 'default-vpc':
          return [defaultVpc?.vpcId ?? 'none'];
        case 'max-instances':
          return [String(maxInstances)];
        case 'max-elastic-ips':
        case 'vpc-max-elastic-ips':
          return [String(maxEips)];
        default:
          // At most five groups per interface (the instance's limit, guide Q19).
          return ['5'];
      }
    };
    return { AccountAttributes: names.map((n) => ({ AttributeName: n, AttributeValues: value(n).map((v) => ({ AttributeValue: v })) })) };
  },
});

/**
 * ClassicLink was retired in 2022 (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/vpc-classiclink.html):
 * EC2 answers its describe calls with UnsupportedOperation, which tools (Ansible's ec2_vpc_net)
 * expect and skip.
 */
const classicLinkRetired = () => new ApiError('UnsupportedOperation', 400, 'The functionality you requested is not available in this region.');
export const describeVpcClassicLink = defineEc2Action<{ DryRun?: boolean }>({
  name: 'DescribeVpcClassicLink',
  uses: [],
  handle: async () => {
    throw classicLinkRetired();
  },
});
export const describeVpcClassicLinkDnsSupport = defineEc2Action<{ DryRun?: boolean }>({
  name: 'DescribeVpcClassicLinkDnsSupport',
  uses: [],
  handle: async () => {
    throw classicLinkRetired();
  },
});
