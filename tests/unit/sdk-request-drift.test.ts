import * as EcsSdk from '@alicloud/ecs20140526';
import * as VpcSdk from '@alicloud/vpc20160428';
import type { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { ACTIONS } from '../../shared/actions/registry';
import { VPC_ACTION_NAMES } from '../../shared/actions/vpc';

/**
 * Drift of the declared ECS/VPC request shapes from the official SDKs' models (issue 12, item 2).
 * tests/unit/parameter-coverage.test.ts checks one way (every SDK parameter is declared or
 * refused); this checks the other: every parameter an action's schema declares is a parameter of
 * the SDK's request model (`@alicloud/ecs20140526`, or `@alicloud/vpc20160428` for the VPC API's
 * actions), nested blocks included, and its type agrees with the model's. What the sandbox
 * accepts beyond the models is listed below with the reason; a new difference fails until it
 * is fixed or listed. Decisions: docs/sdk-drift.md.
 */
type Model = { names(): Record<string, string>; types(): Record<string, unknown> };
const ecsModels = EcsSdk as unknown as Record<string, Model | undefined>;
const vpcModels = VpcSdk as unknown as Record<string, Model | undefined>;
const requestModelOf = (action: string): Model | undefined => (VPC_ACTION_NAMES.has(action) ? vpcModels : ecsModels)[`${action}Request`];

/** The sandbox's own actions (operator, accounts, webhooks, events, clock): no cloud model exists. */
const SANDBOX_ACTIONS = [
  'ModifyAccountQuota',
  'ModifyAccountOverdue',
  'LookupEvents',
  'DescribeResourceCharges',
  'CreateWebhook',
  'DescribeWebhooks',
  'ModifyWebhook',
  'DeleteWebhook',
  'TestWebhook',
  'DescribeWebhookDeliveries',
  'RedeliverWebhookEvent',
  'RebuildViews',
  'CreateAccount',
  'CreateAccessKey',
  'DeleteAccessKey',
  'PutAccessKeyPolicy',
  'CreateApiToken',
  'RevokeApiToken',
  'DescribeSandboxClock',
  'AdvanceSandboxClock',
  'RunScheduledJobs',
];
/** ECS actions of the API reference that the pinned SDK (7.11.6) has no request model for. */
const NOT_IN_PINNED_SDK = ['DisableImage', 'EnableImage', 'LockInstanceForSecurity'];

/** Every action accepts DryRun (shared/actions/params.ts `commonFields`): the real API accepts and drops it. */
const ACCEPTED_BY_EVERY_ACTION = new Set(['DryRun']);

/** Declared parameters the SDK model lacks, `Action.Parameter`, grouped by reason. */
const SANDBOX_PARAMETERS: Record<string, string[]> = {
  'RegionId, accepted and ignored by the single-instance actions whose model has none (the SDKs of other languages send it)': [
    'DescribeInstanceAttribute.RegionId',
    'StartInstance.RegionId',
    'StopInstance.RegionId',
    'RebootInstance.RegionId',
    'DeleteInstance.RegionId',
    'ModifyInstanceAttribute.RegionId',
    'RenewInstance.RegionId',
    'AllocatePublicIpAddress.RegionId',
  ],
  'ingress and egress rules share one rule schema; the other direction’s peer fields are refused by the rule check': [
    'AuthorizeSecurityGroup.DestGroupId',
    'AuthorizeSecurityGroup.DestGroupOwnerAccount',
    'AuthorizeSecurityGroup.DestGroupOwnerId',
    'AuthorizeSecurityGroup.DestPrefixListId',
    'AuthorizeSecurityGroup.PortRangeListId',
    'AuthorizeSecurityGroupEgress.SourceGroupId',
    'AuthorizeSecurityGroupEgress.SourceGroupOwnerAccount',
    'AuthorizeSecurityGroupEgress.SourceGroupOwnerId',
    'AuthorizeSecurityGroupEgress.SourcePrefixListId',
    'AuthorizeSecurityGroupEgress.PortRangeListId',
    'RevokeSecurityGroup.DestGroupId',
    'RevokeSecurityGroup.DestGroupOwnerAccount',
    'RevokeSecurityGroup.DestGroupOwnerId',
    'RevokeSecurityGroup.DestPrefixListId',
    'RevokeSecurityGroup.PortRangeListId',
    'RevokeSecurityGroupEgress.SourceGroupId',
    'RevokeSecurityGroupEgress.SourceGroupOwnerAccount',
    'RevokeSecurityGroupEgress.SourceGroupOwnerId',
    'RevokeSecurityGroupEgress.SourcePrefixListId',
    'RevokeSecurityGroupEgress.PortRangeListId',
    'AuthorizeSecurityGroup.Permissions.DestGroupId',
    'AuthorizeSecurityGroup.Permissions.DestGroupOwnerAccount',
    'AuthorizeSecurityGroup.Permissions.DestGroupOwnerId',
    'AuthorizeSecurityGroup.Permissions.DestPrefixListId',
    'AuthorizeSecurityGroupEgress.Permissions.SourceGroupId',
    'AuthorizeSecurityGroupEgress.Permissions.SourceGroupOwnerAccount',
    'AuthorizeSecurityGroupEgress.Permissions.SourceGroupOwnerId',
    'AuthorizeSecurityGroupEgress.Permissions.SourcePrefixListId',
    'RevokeSecurityGroup.Permissions.DestGroupId',
    'RevokeSecurityGroup.Permissions.DestGroupOwnerAccount',
    'RevokeSecurityGroup.Permissions.DestGroupOwnerId',
    'RevokeSecurityGroup.Permissions.DestPrefixListId',
    'RevokeSecurityGroupEgress.Permissions.SourceGroupId',
    'RevokeSecurityGroupEgress.Permissions.SourceGroupOwnerAccount',
    'RevokeSecurityGroupEgress.Permissions.SourceGroupOwnerId',
    'RevokeSecurityGroupEgress.Permissions.SourcePrefixListId',
    'ModifySecurityGroupRule.DestGroupId',
    'ModifySecurityGroupRule.DestGroupOwnerAccount',
    'ModifySecurityGroupRule.DestGroupOwnerId',
    'ModifySecurityGroupRule.DestPrefixListId',
    'ModifySecurityGroupEgressRule.SourceGroupId',
    'ModifySecurityGroupEgressRule.SourceGroupOwnerAccount',
    'ModifySecurityGroupEgressRule.SourceGroupOwnerId',
    'ModifySecurityGroupEgressRule.SourcePrefixListId',
  ],
  'ClientToken honoured by more actions than the model lists (the runner makes every idempotent action retry-safe)': [
    'AssociateEipAddress.ClientToken',
    'CreateLaunchTemplate.ClientToken',
    'CreateLaunchTemplateVersion.ClientToken',
    'DeleteVSwitch.ClientToken',
  ],
  'EC2 twins’ parameters the EC2 adapters pass through the ECS action (to become typed operations, issue 12 item 1)': [
    'DescribeImages.IncludeDisabled',
    'ModifyImageAttribute.DeprecationTime',
    'CreateInstance.SecurityGroupIds',
    'CreateInstance.AutoReleaseTime',
    'CreateInstance.SystemDisk.Encrypted',
    'CreateVpc.IsDefault',
    'ModifyVpcAttribute.EnableDnsSupport',
    'ModifyVpcAttribute.EnableDnsHostnames',
    'CreateVSwitch.VpcOwnerId',
    'CreateVSwitch.IsDefault',
    'ModifyVSwitchAttribute.MapPublicIpOnLaunch',
    'DescribeRouteTables.VpcId',
    'AttachNetworkInterface.DeviceIndex',
    'CreateNatGateway.AllocationId',
    'CreateDeploymentSet.Tag',
    'CreateSnapshotGroup.CopyTagsFromSource',
  ],
  'what only an EC2 launch sets (stop protection, detailed monitoring, metadata tags access), ignored by the ECS doors (shared/actions/instances/launch.ts)': [
    'RunInstances.Ec2Options',
    'CreateInstance.Ec2Options',
  ],
};
const sandboxParameters = new Set(Object.values(SANDBOX_PARAMETERS).flat());

/** Declared types that differ from the model's on purpose, `Action.Parameter` → reason. */
const TYPE_DECISIONS: Record<string, string> = {
  'DescribeImages.ImageOwnerId': 'an account id has 16 digits, past 2^53: read as a string so none loses precision',
  'AuthorizeSecurityGroup.SourceGroupOwnerId': 'account id, as above',
  'AuthorizeSecurityGroupEgress.DestGroupOwnerId': 'account id, as above',
  'RevokeSecurityGroup.SourceGroupOwnerId': 'account id, as above',
  'RevokeSecurityGroupEgress.DestGroupOwnerId': 'account id, as above',
  'ModifySecurityGroupRule.SourceGroupOwnerId': 'account id, as above',
  'ModifySecurityGroupEgressRule.DestGroupOwnerId': 'account id, as above',
  'DescribeVpcs.VpcOwnerId': 'account id, as above',
  'AuthorizeSecurityGroup.Permissions.SourceGroupOwnerId': 'account id, as above',
  'AuthorizeSecurityGroupEgress.Permissions.DestGroupOwnerId': 'account id, as above',
  'RevokeSecurityGroup.Permissions.SourceGroupOwnerId': 'account id, as above',
  'RunInstances.SystemDisk.Size': 'the model says string; the API reference documents an integer (GiB), as CreateDisk.Size',
  'RunInstances.SystemDisk.Encrypted': 'the model says string ("true"/"false"); the text is read as a boolean, as every other Encrypted',
  'RunInstances.DataDisk.Encrypted': 'as SystemDisk.Encrypted',
  'CreateLaunchTemplate.SystemDisk.Encrypted': 'as RunInstances.SystemDisk.Encrypted',
  'CreateLaunchTemplate.DataDisk.Encrypted': 'as RunInstances.SystemDisk.Encrypted',
  'CreateLaunchTemplateVersion.SystemDisk.Encrypted': 'as RunInstances.SystemDisk.Encrypted',
  'CreateLaunchTemplateVersion.DataDisk.Encrypted': 'as RunInstances.SystemDisk.Encrypted',
  'DescribeVSwitches.VSwitchOwnerId': 'account id, as above',
  'AllocateEipAddress.ActivityId': 'an opaque id: only its presence matters',
  'DescribeInstanceAutoRenewAttribute.PageNumber': 'the model says string; the API reference documents an integer, as for every other PageNumber',
  'DescribeInstanceAutoRenewAttribute.PageSize': 'the model says string; the API reference documents an integer, as for every other PageSize',
};

type Zod = z.ZodType & { def: { type: string; innerType?: Zod; in?: Zod; out?: Zod; element?: Zod; options?: Zod[] }; shape?: Record<string, Zod> };

/** The schema under optional/default wrappers and preprocessing: what the parameter becomes. */
function unwrap(schema: Zod): Zod {
  let t = schema;
  for (let i = 0; i < 12; i++) {
    const d = t.def;
    if ((d.type === 'optional' || d.type === 'nullable' || d.type === 'default' || d.type === 'catch' || d.type === 'readonly') && d.innerType) t = d.innerType;
    else if (d.type === 'pipe' && d.in && d.out) t = d.out.def.type === 'transform' ? d.in : d.out;
    else return t;
  }
  return t;
}

/** The model's kind of a field: string, number, boolean, array, model (a nested class) or map. */
function modelKind(t: unknown): string {
  if (typeof t === 'string') return t;
  if (typeof t === 'function') return 'model';
  return (t as { type?: string } | undefined)?.type ?? 'unknown';
}
const nestedModelOf = (t: unknown): Model | undefined => {
  if (typeof t === 'function' && 'names' in t) return t as unknown as Model;
  const item = (t as { itemType?: unknown } | undefined)?.itemType;
  return typeof item === 'function' ? (item as unknown as Model) : undefined;
};

/**
 * Whether a declared schema kind fits the model's kind. Strings: enums of strings, and lists the
 * ECS wire sends as one JSON-encoded string (`InstanceIds="[\"i-1\"]"`), which the schema reads
 * into an array (or accepts either way: a union).
 */
function fits(model: string, declared: string): boolean {
  if (model === declared) return true;
  if (model === 'string') return ['enum', 'literal', 'array', 'union', 'unknown', 'any'].includes(declared);
  if (model === 'model') return declared === 'object';
  if (model === 'array') return declared === 'union';
  return false;
}

interface Drift {
  unknown: string[];
  mistyped: string[];
}

function driftOf(action: string, model: Model, schema: Zod, prefix: string, drift: Drift): void {
  const shape = unwrap(schema).shape;
  if (!shape) return;
  const types = model.types();
  const byWire = new Map(Object.entries(model.names()).map(([key, wire]) => [wire, types[key]]));
  for (const [wire, declared] of Object.entries(shape)) {
    const dotted = `${action}.${prefix}${wire}`;
    if (!byWire.has(wire)) {
      if (!(prefix === '' && ACCEPTED_BY_EVERY_ACTION.has(wire))) drift.unknown.push(dotted);
      continue;
    }
    const modelType = byWire.get(wire);
    let inner = unwrap(declared);
    if (inner.def.type === 'array' && modelKind(modelType) === 'array' && inner.def.element) inner = unwrap(inner.def.element);
    const kind = modelKind(modelType) === 'array' && nestedModelOf(modelType) ? 'model' : modelKind(modelType);
    const declaredKind = inner.def.type === 'array' && kind === 'model' ? 'object' : inner.def.type;
    if (modelKind(modelType) !== 'array' && !fits(kind, declaredKind)) drift.mistyped.push(`${dotted} (model ${kind}, declared ${declaredKind})`);
    const nested = nestedModelOf(modelType);
    if (nested && inner.def.type === 'object') driftOf(action, nested, inner, `${prefix}${wire}.`, drift);
  }
}

const withModels = ACTIONS.filter((a) => requestModelOf(a.name)).map((a) => ({ name: a.name, input: a.input, model: requestModelOf(a.name)! }));

describe('declared request shapes against the official SDK models', () => {
  it('finds a model for every ECS and VPC action but the listed ones, and none for those', () => {
    const without = ACTIONS.map((a) => a.name).filter((n) => !requestModelOf(n));
    expect(without.sort()).toEqual([...SANDBOX_ACTIONS, ...NOT_IN_PINNED_SDK].sort());
    expect(withModels.length).toBeGreaterThan(100);
    expect(withModels.some((m) => VPC_ACTION_NAMES.has(m.name))).toBe(true);
  });

  it('declares only parameters the models have, but the listed sandbox parameters', () => {
    const drift: Drift = { unknown: [], mistyped: [] };
    for (const m of withModels) driftOf(m.name, m.model, m.input, '', drift);
    expect(
      drift.unknown.filter((d) => !sandboxParameters.has(d)),
      'declared parameters missing from the SDK model',
    ).toEqual([]);
    expect(
      [...sandboxParameters].filter((d) => !drift.unknown.includes(d)),
      'listed sandbox parameters the model has after all (or no action declares): remove them',
    ).toEqual([]);
  });

  it('declares each parameter with the model’s type, but the listed decisions', () => {
    const drift: Drift = { unknown: [], mistyped: [] };
    for (const m of withModels) driftOf(m.name, m.model, m.input, '', drift);
    const unexpected = drift.mistyped.filter((d) => !(d.split(' ')[0]! in TYPE_DECISIONS));
    expect(unexpected, 'declared types that disagree with the SDK model').toEqual([]);
    const stale = Object.keys(TYPE_DECISIONS).filter((k) => !drift.mistyped.some((d) => d.startsWith(`${k} `)));
    expect(stale, 'listed type decisions that no longer differ: remove them').toEqual([]);
  });

  it('would notice a drift: a renamed or retyped parameter is reported', () => {
    const model = requestModelOf('StopInstance')!;
    const fake = (shape: Record<string, unknown>) => ({ def: { type: 'object' }, shape }) as unknown as Zod;
    const drift: Drift = { unknown: [], mistyped: [] };
    driftOf('StopInstance', model, fake({ InstanceID: { def: { type: 'string' } }, ForceStop: { def: { type: 'string' } } }), '', drift);
    expect(drift.unknown).toEqual(['StopInstance.InstanceID']);
    expect(drift.mistyped).toEqual(['StopInstance.ForceStop (model boolean, declared string)']);
  });
});
