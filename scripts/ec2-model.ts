/**
 * Generates shared/protocol/ec2/model.generated.ts: the slice of the EC2 API model
 * (botocore `ec2/2016-11-15/service-2.json`, the file the AWS CLI itself is driven by)
 * that the EC2 dialect serves: for each operation its input and output shape, and every
 * shape they reach, with the names the wire uses.
 *
 *   npx tsx scripts/ec2-model.ts [path/to/service-2.json(.gz)]
 *
 * Without an argument the model of the botocore installed beside the `aws` CLI is used
 * (`python3 -c 'import botocore'`). Documentation is dropped; what is kept:
 *   - structure members: the SDK member name, the request (query) name per the "ec2"
 *     protocol rule (queryName, else locationName capitalised, else the member name),
 *     the response (XML) element name (locationName, else the member name), required members;
 *   - lists: the item element name (`item`);
 *   - scalars: the type (string, integer, long, boolean, timestamp, blob, double, float).
 * Enum values are not kept (InstanceType alone has ~1,000): the actions validate values.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

export const EC2_OPERATIONS = [
  'DescribeRegions',
  'DescribeAvailabilityZones',
  'DescribeVpcs',
  'DescribeSubnets',
  'RunInstances',
  'DescribeInstances',
  'StartInstances',
  'StopInstances',
  'RebootInstances',
  'TerminateInstances',
  'ModifyInstanceAttribute',
  'DescribeInstanceAttribute',
  'CreateImage',
  'DescribeImages',
  'DisableImage',
  'EnableImage',
  'DeregisterImage',
  'CopyImage',
  'ModifyImageAttribute',
  'DescribeImageAttribute',
  'EnableImageDeprecation',
  'DisableImageDeprecation',
  'CreateSecurityGroup',
  'DescribeSecurityGroups',
  'AuthorizeSecurityGroupIngress',
  'RevokeSecurityGroupIngress',
  'DeleteSecurityGroup',
  'CreateKeyPair',
  'ImportKeyPair',
  'DescribeKeyPairs',
  'DeleteKeyPair',
  'DescribeVolumes',
  'CreateSnapshot',
  'DescribeSnapshots',
  'DeleteSnapshot',
  'CopySnapshot',
  ...[
    // The EC2 surface everyday tools call (issue 15): instance status and attributes, tags, the catalogue,
    // volumes, addresses.
    'DescribeInstanceStatus',
    'GetConsoleOutput',
    'DescribeInstanceCreditSpecifications',
    'CreateTags',
    'DeleteTags',
    'DescribeTags',
    'DescribeInstanceTypes',
    'DescribeInstanceTypeOfferings',
    'CreateVolume',
    'AttachVolume',
    'DetachVolume',
    'DeleteVolume',
    'ModifyVolume',
    'DescribeVolumeStatus',
    'DescribeVolumeAttribute',
    'AllocateAddress',
    'AssociateAddress',
    'DisassociateAddress',
    'ReleaseAddress',
    'DescribeAddresses',
    'DescribeAddressesAttribute',
  ],
  ...[
    // Launch templates (issue 15).
    'CreateLaunchTemplate',
    'CreateLaunchTemplateVersion',
    'DescribeLaunchTemplates',
    'DescribeLaunchTemplateVersions',
    'ModifyLaunchTemplate',
    'DeleteLaunchTemplate',
    'DeleteLaunchTemplateVersions',
    'GetLaunchTemplateData',
  ],
  ...[
    // The network (issue 14): VPCs, subnets, gateways, route tables, ACLs, DHCP options, account attributes.
    'CreateVpc',
    'DeleteVpc',
    'ModifyVpcAttribute',
    'DescribeVpcAttribute',
    'CreateDefaultVpc',
    'CreateSubnet',
    'DeleteSubnet',
    'ModifySubnetAttribute',
    'CreateDefaultSubnet',
    'CreateInternetGateway',
    'AttachInternetGateway',
    'DetachInternetGateway',
    'DeleteInternetGateway',
    'DescribeInternetGateways',
    'CreateRouteTable',
    'DescribeRouteTables',
    'DeleteRouteTable',
    'CreateRoute',
    'ReplaceRoute',
    'DeleteRoute',
    'AssociateRouteTable',
    'DisassociateRouteTable',
    'DescribeNetworkAcls',
    'CreateDhcpOptions',
    'DescribeDhcpOptions',
    'DeleteDhcpOptions',
    'AssociateDhcpOptions',
    'DescribeAccountAttributes',
    'DescribeVpcClassicLink',
    'DescribeVpcClassicLinkDnsSupport',
    'CreateNatGateway',
    'DescribeNatGateways',
    'DeleteNatGateway',
    'CreateNetworkInterface',
    'DescribeNetworkInterfaces',
    'AttachNetworkInterface',
    'DetachNetworkInterface',
    'ModifyNetworkInterfaceAttribute',
    'DeleteNetworkInterface',
    'CreateDhcpOptions',
    'DeleteDhcpOptions',
    'AssociateDhcpOptions',
  ],
  ...[
    // Issue 15 part B: the rest of the instance, volume, snapshot, image and EBS surface.
    'MonitorInstances',
    'UnmonitorInstances',
    'ModifyInstanceMetadataOptions',
    'GetEbsEncryptionByDefault',
    'EnableEbsEncryptionByDefault',
    'DisableEbsEncryptionByDefault',
    'GetEbsDefaultKmsKeyId',
    'DescribeVolumesModifications',
    'ModifyVolumeAttribute',
    'ResetImageAttribute',
    'RegisterImage',
    'CreateSnapshots',
    'DescribeSnapshotAttribute',
    'ModifySnapshotAttribute',
    'ResetSnapshotAttribute',
  ],
  ...[
    // Issue 15, the breadth half: security group rules, interface addresses, instance placement and
    // profiles, placement groups, network ACLs, egress-only gateways, prefix lists.
    'AuthorizeSecurityGroupEgress',
    'RevokeSecurityGroupEgress',
    'DescribeSecurityGroupRules',
    'ModifySecurityGroupRules',
    'UpdateSecurityGroupRuleDescriptionsIngress',
    'UpdateSecurityGroupRuleDescriptionsEgress',
    'GetSecurityGroupsForVpc',
    'DescribeSecurityGroupReferences',
    'AssignPrivateIpAddresses',
    'UnassignPrivateIpAddresses',
    'DescribeNetworkInterfaceAttribute',
    'ResetNetworkInterfaceAttribute',
    'ResetInstanceAttribute',
    'ModifyInstancePlacement',
    'ModifyInstanceCreditSpecification',
    'AssociateIamInstanceProfile',
    'DisassociateIamInstanceProfile',
    'ReplaceIamInstanceProfileAssociation',
    'DescribeIamInstanceProfileAssociations',
    'EnableVolumeIO',
    'CreatePlacementGroup',
    'DeletePlacementGroup',
    'DescribePlacementGroups',
    'CreateNetworkAcl',
    'DeleteNetworkAcl',
    'CreateNetworkAclEntry',
    'DeleteNetworkAclEntry',
    'ReplaceNetworkAclEntry',
    'ReplaceNetworkAclAssociation',
    'CreateEgressOnlyInternetGateway',
    'DeleteEgressOnlyInternetGateway',
    'DescribeEgressOnlyInternetGateways',
    'DescribePrefixLists',
    'DescribeManagedPrefixLists',
  ],
];

interface RawMember {
  shape: string;
  locationName?: string;
  queryName?: string;
}
interface RawShape {
  type: string;
  members?: Record<string, RawMember>;
  required?: string[];
  member?: RawMember;
}

function defaultModelPath(): string {
  const dir = execFileSync('python3', ['-c', 'import botocore,os;print(os.path.dirname(botocore.__file__))'], {
    encoding: 'utf8',
  }).trim();
  return join(dir, 'data/ec2/2016-11-15/service-2.json.gz');
}

const path = process.argv[2] ?? defaultModelPath();
const raw = readFileSync(path);
const model = JSON.parse((path.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8')) as {
  metadata: { apiVersion: string };
  operations: Record<string, { input?: { shape: string }; output?: { shape: string } }>;
  shapes: Record<string, RawShape>;
};

const out: Record<string, unknown> = {};
const operations: Record<string, { input?: string; output?: string }> = {};
const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function visit(name: string): void {
  if (name in out) return;
  const s = model.shapes[name];
  if (!s) throw new Error(`no shape ${name}`);
  if (s.type === 'structure') {
    const members: Record<string, [string, string, string]> = {};
    out[name] = { type: 'structure', members, ...(s.required?.length ? { required: s.required } : {}) };
    for (const [m, def] of Object.entries(s.members ?? {})) {
      const query = def.queryName ?? (def.locationName ? capitalize(def.locationName) : m);
      const xml = def.locationName ?? m;
      members[m] = [def.shape, query, xml];
      visit(def.shape);
    }
  } else if (s.type === 'list') {
    out[name] = { type: 'list', member: s.member!.shape, item: s.member!.locationName ?? 'member' };
    visit(s.member!.shape);
  } else if (s.type === 'map') {
    throw new Error(`map shape ${name} is not supported by the EC2 codec`);
  } else {
    out[name] = { type: s.type };
  }
}

for (const op of EC2_OPERATIONS) {
  const def = model.operations[op];
  if (!def) throw new Error(`no operation ${op} in the model`);
  operations[op] = { ...(def.input ? { input: def.input.shape } : {}), ...(def.output ? { output: def.output.shape } : {}) };
  if (def.input) visit(def.input.shape);
  if (def.output) visit(def.output.shape);
}

const sorted = Object.fromEntries(
  Object.keys(out)
    .sort()
    .map((k) => [k, out[k]]),
);
const text = `/* eslint-disable */
// GENERATED by scripts/ec2-model.ts from botocore's ec2/${model.metadata.apiVersion}/service-2.json. Do not edit.
// Structure members are [shape, request (query) name, response (XML) element name].
import type { Ec2Model } from './model';

export const EC2_MODEL: Ec2Model = {
  apiVersion: ${JSON.stringify(model.metadata.apiVersion)},
  operations: {
${Object.entries(operations)
  .map(([k, v]) => `    ${k}: ${JSON.stringify(v)},`)
  .join('\n')}
  },
  shapes: {
${Object.entries(sorted)
  .map(([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)},`)
  .join('\n')}
  },
};
`;
const target = join(__dirname, '../shared/protocol/ec2/model.generated.ts');
writeFileSync(target, text);
console.log(`wrote ${target}: ${Object.keys(operations).length} operations, ${Object.keys(sorted).length} shapes, ${text.length} bytes`);
