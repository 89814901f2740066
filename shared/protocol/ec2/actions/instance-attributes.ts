import { instanceOf, modifyInstanceAttributes, modifyInstanceSpec } from '../../../actions/instances/attribute-operations';
import { modifyInstanceEc2Facts } from '../../../actions/instances/option-operations';
import { ApiError } from '../../../domain/errors';
import { isInstanceError, isStateReason } from '../../../domain/instance-errors';
import { defineEc2Action, Ec2Errors, type Ec2Call } from '../adapter';
import { checkInstanceIds, InstanceErrors, requireInstances } from './instance-common';
import { ecsInstanceTypeOf, instancesView } from './instance-view';
import { checkEc2UserData, requireStoppedForUserData } from './user-data';

/**
 * ModifyInstanceAttribute / DescribeInstanceAttribute
 * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifyInstanceAttribute.html):
 * `disableApiTermination` is ECS DeletionProtection (one flag in both dialects), `userData` and
 * `groupSet` change through the attributes operation, `disableApiStop` and `sourceDestCheck` are
 * EC2 facts of the instance, `instanceType` the spec operation
 * (shared/actions/instances/attribute-operations.ts, option-operations.ts).
 */

interface AttributeValue<T> {
  Value?: T;
}
interface ModifyInput {
  InstanceId: string;
  Attribute?: string;
  Value?: string;
  DisableApiTermination?: AttributeValue<boolean>;
  DisableApiStop?: AttributeValue<boolean>;
  InstanceType?: AttributeValue<string>;
  UserData?: AttributeValue<string>;
  Groups?: string[];
  SourceDestCheck?: AttributeValue<boolean>;
  EbsOptimized?: AttributeValue<boolean>;
  EnaSupport?: AttributeValue<boolean>;
  InstanceInitiatedShutdownBehavior?: AttributeValue<string>;
  Kernel?: AttributeValue<string>;
  Ramdisk?: AttributeValue<string>;
  SriovNetSupport?: AttributeValue<string>;
  BlockDeviceMappings?: unknown[];
  DryRun?: boolean;
}

const parseBool = (name: string, v: string): boolean => {
  if (/^true$/i.test(v)) return true;
  if (/^false$/i.test(v)) return false;
  throw new ApiError('InvalidParameterValue', 400, `Value (${v}) for parameter ${name} is invalid. Expected: 'boolean'.`);
};

/** The one attribute a call changes (EC2 takes one per call: "Fields for multiple attribute types specified"). */
type Change =
  | { kind: 'attributes'; change: { deletionProtection?: boolean; userData?: string; securityGroupIds?: string[] } }
  | { kind: 'fact'; facts: { disableApiStop?: boolean; sourceDestCheck?: boolean } }
  | { kind: 'type'; instanceType: string };

function changeOf(input: ModifyInput): Change {
  const structured = Object.keys(input).filter(
    (k) => !['InstanceId', 'Attribute', 'Value', 'DryRun'].includes(k) && input[k as keyof ModifyInput] !== undefined,
  );
  let name: string;
  let value: unknown;
  if (input.Attribute !== undefined) {
    if (structured.length) throw Ec2Errors.invalidCombination('Attribute and a structured attribute value may not be specified together.');
    if (input.Value === undefined) throw Ec2Errors.missingParameter('Value');
    name = input.Attribute;
    value = input.Value;
  } else {
    if (structured.length === 0) throw Ec2Errors.missingParameter('Attribute');
    if (structured.length > 1) throw Ec2Errors.invalidCombination(`Fields for multiple attribute types specified: ${structured.join(', ')}`);
    const key = structured[0]!;
    name = key.charAt(0).toLowerCase() + key.slice(1);
    const raw = input[key as keyof ModifyInput];
    value = key === 'Groups' ? raw : (raw as AttributeValue<unknown>).Value;
    if (value === undefined) throw Ec2Errors.missingParameter('Value');
  }
  const bool = (v: unknown) => (typeof v === 'boolean' ? v : parseBool(name, String(v)));
  switch (name) {
    case 'disableApiTermination':
      return { kind: 'attributes', change: { deletionProtection: bool(value) } };
    case 'userData':
      return { kind: 'attributes', change: { userData: String(value) } };
    case 'groups':
    case 'groupSet':
      return { kind: 'attributes', change: { securityGroupIds: (Array.isArray(value) ? value : [value]).map(String) } };
    case 'disableApiStop':
      return { kind: 'fact', facts: { disableApiStop: bool(value) } };
    case 'sourceDestCheck':
      return { kind: 'fact', facts: { sourceDestCheck: bool(value) } };
    case 'instanceType':
      return { kind: 'type', instanceType: String(value) };
    default:
      throw Ec2Errors.unsupported(`Modifying the attribute '${name}' is not supported by this sandbox.`);
  }
}

/** Runs the one change of a ModifyInstanceAttribute call. */
async function applyChange(call: Ec2Call, input: ModifyInput, change: Change, state: string): Promise<void> {
  const opts = { dryRun: input.DryRun };
  switch (change.kind) {
    case 'attributes':
      if (change.change.userData !== undefined) {
        checkEc2UserData(change.change.userData);
        requireStoppedForUserData(input.InstanceId, state);
      }
      await call.perform(modifyInstanceAttributes, { regionId: call.region, instanceId: input.InstanceId, ...change.change }, opts);
      return;
    case 'fact':
      await call.perform(modifyInstanceEc2Facts, { regionId: call.region, instanceIds: [input.InstanceId], facts: change.facts }, opts);
      return;
    case 'type': {
      // The type changes only while stopped (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/change-instance-type-of-ebs-backed-instance.html).
      const ecsType = ecsInstanceTypeOf(change.instanceType);
      if (!ecsType) throw Ec2Errors.invalidParameterValue(`Invalid value '${change.instanceType}' for InstanceType.`);
      if (state !== 'stopped') throw new ApiError('IncorrectInstanceState', 400, `The instance '${input.InstanceId}' is not in the 'stopped' state.`);
      await call.perform(modifyInstanceSpec, { instanceId: input.InstanceId, instanceType: ecsType }, opts);
      return;
    }
  }
}

export const modifyInstanceAttribute = defineEc2Action<ModifyInput>({
  name: 'ModifyInstanceAttribute',
  uses: ['ModifyInstanceAttribute', 'ModifyInstanceEc2Facts', 'ModifyInstanceSpec', 'DescribeInstances'],
  handle: async (input, call) => {
    checkInstanceIds([input.InstanceId]);
    const change = changeOf(input);
    const [target] = await requireInstances(call, [input.InstanceId]);
    try {
      await applyChange(call, input, change, target!.State.Name);
    } catch (e) {
      if (!isInstanceError(e)) throw e;
      if (e.reason === 'instanceTypeNotSupported') throw Ec2Errors.invalidParameterValue(`Invalid value for InstanceType: ${e.message}`);
      // A security lock keeps its own code, as before the operation (InstanceLockedForSecurity).
      if (isStateReason(e.reason) && e.reason !== 'lockedForSecurity')
        throw new ApiError('IncorrectInstanceState', 400, `The instance '${input.InstanceId}' is not in a state from which it can be modified.`);
      if (e.reason === 'chargeTypeViolation' || e.reason === 'architectureMismatch') throw Ec2Errors.invalidParameterValue(e.message);
      throw e;
    }
    return undefined;
  },
  // The refusals of other families' rules (security groups, user data, names) still arrive as ECS codes.
  mapError: (e, input) => {
    if (e.code === 'InvalidSecurityGroupId.NotFound') {
      return new ApiError('InvalidGroup.NotFound', 400, `The security group '${(input.Groups ?? []).join(', ')}' does not exist`);
    }
    if (e.code === 'InvalidUserData.SizeExceeded') return Ec2Errors.invalidParameterValue('User data is limited to 16384 bytes');
    if (e.code.startsWith('InvalidParam')) return Ec2Errors.invalidParameterValue(e.message);
    return undefined;
  },
});

const DESCRIBABLE_ATTRIBUTES = [
  'instanceType',
  'kernel',
  'ramdisk',
  'userData',
  'disableApiTermination',
  'instanceInitiatedShutdownBehavior',
  'rootDeviceName',
  'blockDeviceMapping',
  'productCodes',
  'sourceDestCheck',
  'groupSet',
  'ebsOptimized',
  'sriovNetSupport',
  'enaSupport',
  'enclaveOptions',
  'disableApiStop',
];

export const describeInstanceAttribute = defineEc2Action<{ InstanceId: string; Attribute: string; DryRun?: boolean }>({
  name: 'DescribeInstanceAttribute',
  uses: ['DescribeInstances', 'DescribeSecurityGroups', 'DescribeDisks', 'DescribeUserData'],
  onlyGivenLists: true,
  handle: async (input, call) => {
    checkInstanceIds([input.InstanceId]);
    if (!DESCRIBABLE_ATTRIBUTES.includes(input.Attribute)) {
      throw Ec2Errors.invalidParameterValue(`Value (${input.Attribute}) for parameter attribute is invalid. Unknown attribute.`);
    }
    const [view] = await instancesView(call, { ids: [input.InstanceId], dryRun: input.DryRun });
    if (!view) throw InstanceErrors.notFound([input.InstanceId]);
    const base = { InstanceId: input.InstanceId };
    switch (input.Attribute) {
      case 'disableApiTermination': {
        // The release protection flag of the instance record (ECS DeletionProtection).
        const on =
          view.State.Name !== 'terminated' && (await call.perform(instanceOf, { regionId: call.region, instanceId: input.InstanceId })).deletionProtection;
        return { ...base, DisableApiTermination: { Value: on } };
      }
      case 'instanceType':
        return { ...base, InstanceType: { Value: view.InstanceType } };
      case 'groupSet':
        return { ...base, Groups: view.SecurityGroups };
      case 'rootDeviceName':
        return { ...base, RootDeviceName: { Value: view.RootDeviceName } };
      case 'blockDeviceMapping':
        return { ...base, BlockDeviceMappings: view.BlockDeviceMappings };
      case 'instanceInitiatedShutdownBehavior':
        return { ...base, InstanceInitiatedShutdownBehavior: { Value: 'stop' } };
      case 'sourceDestCheck':
        return { ...base, SourceDestCheck: { Value: view.SourceDestCheck } };
      case 'ebsOptimized':
        return { ...base, EbsOptimized: { Value: view.EbsOptimized } };
      case 'enaSupport':
        return { ...base, EnaSupport: { Value: true } };
      case 'disableApiStop':
        return { ...base, DisableApiStop: { Value: Boolean(view._disableApiStop) } };
      case 'userData': {
        if (view.State.Name === 'terminated') return { ...base, UserData: {} };
        const { userData } = await call.perform(instanceOf, { regionId: call.region, instanceId: input.InstanceId });
        return { ...base, UserData: userData ? { Value: userData } : {} };
      }
      case 'productCodes':
        return { ...base, ProductCodes: [] };
      case 'enclaveOptions':
        return { ...base, EnclaveOptions: { Enabled: false } };
      default:
        return { ...base };
    }
  },
});
