import { ApiError } from '../../../domain/errors';
import { defineEc2Action, Ec2Errors } from '../adapter';
import { checkInstanceIds, InstanceErrors, protectedInstanceIds, requireInstances } from './instance-common';
import { ecsInstanceTypeOf, instancesView } from './instance-view';
import { checkEc2UserData, requireStoppedForUserData } from './user-data';

/**
 * ModifyInstanceAttribute / DescribeInstanceAttribute
 * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifyInstanceAttribute.html):
 * `disableApiTermination` is ECS DeletionProtection (one flag in both dialects), `userData` and
 * `groupSet` are ECS ModifyInstanceAttribute's, `disableApiStop` an EC2 fact of the instance.
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
  | { kind: 'ecs'; params: Record<string, unknown> }
  | { kind: 'fact'; params: { DisableApiStop?: boolean; SourceDestCheck?: boolean } }
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
      return { kind: 'ecs', params: { DeletionProtection: bool(value) } };
    case 'userData':
      return { kind: 'ecs', params: { UserData: value } };
    case 'groups':
    case 'groupSet':
      return { kind: 'ecs', params: { SecurityGroupIds: Array.isArray(value) ? value : [value] } };
    case 'disableApiStop':
      return { kind: 'fact', params: { DisableApiStop: bool(value) } };
    case 'sourceDestCheck':
      return { kind: 'fact', params: { SourceDestCheck: bool(value) } };
    case 'instanceType':
      return { kind: 'type', instanceType: String(value) };
    default:
      throw Ec2Errors.unsupported(`Modifying the attribute '${name}' is not supported by this sandbox.`);
  }
}

export const modifyInstanceAttribute = defineEc2Action<ModifyInput>({
  name: 'ModifyInstanceAttribute',
  uses: ['ModifyInstanceAttribute', 'ModifyInstanceEc2Facts', 'ModifyInstanceSpec', 'DescribeInstances'],
  handle: async (input, call) => {
    checkInstanceIds([input.InstanceId]);
    const change = changeOf(input);
    const [target] = await requireInstances(call, [input.InstanceId]);
    const base = { RegionId: call.region, InstanceId: input.InstanceId, DryRun: input.DryRun };
    switch (change.kind) {
      case 'ecs':
        if (change.params.UserData !== undefined) {
          checkEc2UserData(change.params.UserData as string);
          requireStoppedForUserData(input.InstanceId, target!.State.Name);
        }
        await call.ecs('ModifyInstanceAttribute', { ...base, ...change.params });
        break;
      case 'fact':
        await call.ecs('ModifyInstanceEc2Facts', { ...base, InstanceId: [input.InstanceId], ...change.params });
        break;
      case 'type': {
        // The type changes only while stopped (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/change-instance-type-of-ebs-backed-instance.html).
        const ecsType = ecsInstanceTypeOf(change.instanceType);
        if (!ecsType) throw Ec2Errors.invalidParameterValue(`Invalid value '${change.instanceType}' for InstanceType.`);
        if (target!.State.Name !== 'stopped') {
          throw new ApiError('IncorrectInstanceState', 400, `The instance '${input.InstanceId}' is not in the 'stopped' state.`);
        }
        await call.ecs('ModifyInstanceSpec', { ...base, InstanceType: ecsType });
        break;
      }
    }
    return undefined;
  },
  mapError: (e, input) => {
    if (e.code === 'InvalidSecurityGroupId.NotFound') {
      return new ApiError('InvalidGroup.NotFound', 400, `The security group '${(input.Groups ?? []).join(', ')}' does not exist`);
    }
    if (e.code === 'InvalidUserData.SizeExceeded') return Ec2Errors.invalidParameterValue('User data is limited to 16384 bytes');
    if (e.code.startsWith('InvalidInstanceType')) return Ec2Errors.invalidParameterValue(`Invalid value for InstanceType: ${e.message}`);
    if (e.code.startsWith('IncorrectInstanceStatus') || e.code === 'InvalidInstanceStatus.NotStopped') {
      return new ApiError('IncorrectInstanceState', 400, `The instance '${input.InstanceId}' is not in a state from which it can be modified.`);
    }
    if (e.code === 'ChargeTypeViolation' || e.code.startsWith('InvalidParam')) return Ec2Errors.invalidParameterValue(e.message);
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
        // The ECS release protection flag, as DescribeInstances shows it.
        const ids = view.State.Name === 'terminated' ? [] : await protectedInstanceIds(call, [input.InstanceId]);
        return { ...base, DisableApiTermination: { Value: ids.length > 0 } };
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
        const out = await call.ecs<{ UserData: string }>('DescribeUserData', { RegionId: call.region, InstanceId: input.InstanceId });
        return { ...base, UserData: out.UserData ? { Value: out.UserData } : {} };
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
