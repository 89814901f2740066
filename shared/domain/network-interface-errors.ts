import { ApiError, Errors, ReasonedError } from './errors';

/**
 * The network interface errors, typed: each is the ECS error (code, status and message, rendered as
 * is by the ECS door; one error table for the family, docs/network.md) with a `reason`, the factory's
 * name, that the EC2 network interface adapters (shared/protocol/ec2/actions/network-interfaces.ts,
 * network-interface-addresses.ts) switch on instead of matching ECS code strings. Codes: the ECS
 * references (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-createnetworkinterface
 * and its siblings).
 */
export class EniError extends ReasonedError<EniErrorReason> {
  constructor(
    reason: EniErrorReason,
    ecs: ApiError,
    /** The instance's (ECS) type, for EC2's message of a full instance (AttachmentLimitExceeded). */
    readonly instanceType?: string,
  ) {
    super(reason, ecs);
  }
}

export const isEniError = (e: unknown): e is EniError => e instanceof EniError;

const typed = (reason: EniErrorReason, ecs: ApiError, instanceType?: string): EniError => new EniError(reason, ecs, instanceType);

export const EniErrors = {
  notFound: () => typed('notFound', Errors.notFound('InvalidEniId.NotFound', 'The specified NetworkInterfaceId does not exist.')),
  instanceNotFound: () => typed('instanceNotFound', Errors.notFound('InvalidEcsId.NotFound', 'The specified InstanceId does not exist.')),
  vSwitchNotFound: () => typed('vSwitchNotFound', Errors.notFound('InvalidVSwitchId.NotFound', 'The specified VSwitchId does not exist.')),
  groupNotFound: () => typed('groupNotFound', Errors.notFound('InvalidSecurityGroupId.NotFound', 'The specified SecurityGroupId does not exist.')),
  eniState: () => typed('eniState', Errors.invalid('InvalidOperation.InvalidEniState', 'The operation is not allowed in the current ENI state.')),
  ecsState: () => typed('ecsState', Errors.invalid('InvalidOperation.InvalidEcsState', 'The operation is not allowed in the current ECS instance state.')),
  primary: () => typed('primary', Errors.invalid('InvalidOperation.DetachPrimaryEniNotAllowed', 'The primary ENI cannot be detached or deleted.')),
  perInstance: (instanceType?: string) =>
    typed('perInstance', Errors.forbidden('EniPerInstanceLimitExceeded', 'The number of ENI exceeds the limit for the type of instance.'), instanceType),
  zoneMismatch: () =>
    typed('zoneMismatch', Errors.forbidden('InvalidOperation.AvailabilityZoneMismatch', 'The ENI and the instance are not in the same zone.')),
  vpcMismatch: () =>
    typed('vpcMismatch', Errors.forbidden('InvalidOperation.VpcMismatch', 'The ENI and the instance or security group are not in the same VPC.')),
  quota: (limit: number) => typed('quota', Errors.forbidden('MaxEniCountExceeded', `The maximum number of ENIs (${limit}) has been reached.`)),
  ipNotEnough: () => typed('ipNotEnough', Errors.forbidden('InvalidVSwitchId.IpNotEnough', 'The specified VSwitch has not enough IpAddress.')),
  ipInvalid: () => typed('ipInvalid', Errors.forbidden('InvalidVSwitchId.IpInvalid', 'The specified private IP address is not valid in the VSwitch.')),
  ipInUse: () => typed('ipInUse', Errors.forbidden('InvalidIp.IpAssigned', 'The specified IP address is already in use.')),
  eniType: () =>
    typed('eniType', Errors.invalid('InvalidOperation.InvalidEniType', 'The operation is not allowed in the current ENI type: change the instance instead.')),
  ipCount: () => typed('ipCount', Errors.forbidden('InvalidOperation.Ipv4CountExceeded', 'The number of private IP addresses exceeds the limit of the ENI.')),
  ipNotAssigned: () => typed('ipNotAssigned', Errors.invalid('InvalidIp.Address', 'The specified private IP address is not a secondary address of the ENI.')),
  name: () => typed('name', Errors.invalid('InvalidNetworkInterfaceName.Malformed', 'The specified NetworkInterfaceName is not valid.')),
  description: () => typed('description', Errors.invalid('InvalidDescription.Malformed', 'The specified Description is not valid.')),
  deviceIndex: (instanceId: string, deviceIndex: number) =>
    typed(
      'deviceIndex',
      Errors.invalid('InvalidParameter.DeviceIndex', `Instance '${instanceId}' already has an interface attached at device index '${deviceIndex}'.`),
    ),
};

export type EniErrorReason = keyof typeof EniErrors;
