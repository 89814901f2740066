import { ApiError, Errors } from './errors';
import { instanceError } from './instance-errors';
import type { InstanceRecord } from './instance';

/**
 * Instance options that are not part of the state machine: the instance metadata service options
 * (both dialects: ECS ModifyInstanceMetadataOptions, EC2 ModifyInstanceMetadataOptions), and the
 * facts only the EC2 dialect sets (its reservation, stop protection, detailed monitoring).
 * Pure rules; the actions store what they return.
 */

/** The metadata service options (ECS: https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-modifyinstancemetadataoptions; EC2: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifyInstanceMetadataOptions.html). */
export interface MetadataOptions {
  httpEndpoint: 'enabled' | 'disabled';
  httpTokens: 'optional' | 'required';
  /** 1-64 on both clouds. */
  httpPutResponseHopLimit: number;
  instanceMetadataTags: 'enabled' | 'disabled';
}

export const DEFAULT_METADATA_OPTIONS: MetadataOptions = {
  httpEndpoint: 'enabled',
  httpTokens: 'optional',
  httpPutResponseHopLimit: 1,
  instanceMetadataTags: 'disabled',
};

export const metadataOptionsOf = (i: Pick<InstanceRecord, 'metadataOptions'>): MetadataOptions => ({ ...DEFAULT_METADATA_OPTIONS, ...i.metadataOptions });

export interface MetadataOptionsChange {
  httpEndpoint?: string;
  httpTokens?: string;
  httpPutResponseHopLimit?: number;
  instanceMetadataTags?: string;
}

/** Validate a change (each value in its documented set) and apply it over the current options. */
export function changeMetadataOptions(current: MetadataOptions, change: MetadataOptionsChange): MetadataOptions {
  const invalid = (name: string) => instanceError('invalidMetadataOption', Errors.invalidParameter(name), name);
  const pick = <T extends string>(name: string, value: string | undefined, allowed: readonly T[], fallback: T): T => {
    if (value === undefined) return fallback;
    if (!(allowed as readonly string[]).includes(value)) throw invalid(name);
    return value as T;
  };
  const hop = change.httpPutResponseHopLimit;
  if (hop !== undefined && (!Number.isInteger(hop) || hop < 1 || hop > 64)) throw invalid('HttpPutResponseHopLimit');
  return {
    httpEndpoint: pick('HttpEndpoint', change.httpEndpoint, ['enabled', 'disabled'], current.httpEndpoint),
    httpTokens: pick('HttpTokens', change.httpTokens, ['optional', 'required'], current.httpTokens),
    httpPutResponseHopLimit: hop ?? current.httpPutResponseHopLimit,
    instanceMetadataTags: pick('InstanceMetadataTags', change.instanceMetadataTags, ['enabled', 'disabled'], current.instanceMetadataTags),
  };
}

/** What only the EC2 dialect sets on an instance (RunInstances, MonitorInstances, ModifyInstanceAttribute). */
export interface Ec2InstanceFacts {
  /** Every instance of one RunInstances call shares it (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_Reservation.html). */
  reservationId?: string;
  /** `disableApiStop`: StopInstances is refused (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-stop-protection.html). */
  disableApiStop?: boolean;
  /** Detailed monitoring (MonitorInstances / UnmonitorInstances): only a flag here, no metrics are kept. */
  monitoring?: boolean;
  /** The EC2 type name launched, when it is an EC2-only name on another catalogue type (t4g; shared/domain/catalogue/ec2-instance-types.ts). */
  instanceType?: string;
  /** `sourceDestCheck` (true unless turned off, as for a NAT instance); nothing routes differently here. */
  sourceDestCheck?: boolean;
  /** An Elastic IP replaced the instance's auto-assigned public address (a new one comes when it leaves). */
  publicIpReplaced?: boolean;
  /** A burstable instance's credit option, set by ModifyInstanceCreditSpecification (absent: the type's default). */
  cpuCredits?: 'standard' | 'unlimited';
}

export const InstanceOptionErrors = {
  /** A stop-protected instance refuses every stop, in both dialects (EC2 renders it OperationNotPermitted). */
  stopProtection: () =>
    instanceError(
      'stopProtection',
      new ApiError('InvalidOperation.StopProtection', 403, 'The specified instance has stop protection enabled (EC2 disableApiStop). Disable it first.'),
    ),
  vcpuLimit: (limit: number) =>
    new ApiError(
      'VcpuLimitExceeded',
      400,
      `You have requested more vCPU capacity than your current vCPU limit of ${limit} allows for the instance bucket that the specified instance type belongs to. Please visit http://aws.amazon.com/contact-us/ec2-request to request an adjustment to this limit.`,
    ),
};

export function checkStopAllowed(i: InstanceRecord): void {
  if (i.ec2?.disableApiStop) throw InstanceOptionErrors.stopProtection();
}

/** The EC2 facts with a change applied (undefined fields are left as they were). */
export const withEc2Facts = (i: InstanceRecord, change: Ec2InstanceFacts): InstanceRecord => {
  const next: Ec2InstanceFacts = { ...i.ec2 };
  for (const [k, v] of Object.entries(change) as [keyof Ec2InstanceFacts, never][]) if (v !== undefined) next[k] = v;
  return { ...i, ec2: next };
};
