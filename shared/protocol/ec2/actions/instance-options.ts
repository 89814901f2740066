import { ApiError } from '../../../domain/errors';
import { defineEc2Action, Ec2Errors } from '../adapter';
import { checkInstanceIds, InstanceErrors, requireInstances } from './instance-common';

/**
 * MonitorInstances / UnmonitorInstances
 * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_MonitorInstances.html): detailed
 * monitoring is a flag of the instance here (no metrics are kept); DescribeInstances shows it in
 * `Monitoring.State`. ModifyInstanceMetadataOptions
 * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifyInstanceMetadataOptions.html)
 * over the ECS action of the same name (one set of options in both dialects).
 */

export interface MetadataOptionsInput {
  HttpTokens?: string;
  HttpPutResponseHopLimit?: number;
  HttpEndpoint?: string;
  HttpProtocolIpv6?: string;
  InstanceMetadataTags?: string;
}

/** The ECS parameters of EC2's metadata options (IPv6 has no endpoint here: only `disabled`). */
export function ecsMetadataOptions(o: MetadataOptionsInput | undefined): Record<string, unknown> {
  if (!o) return {};
  if (o.HttpProtocolIpv6 !== undefined && o.HttpProtocolIpv6 !== 'disabled') {
    if (o.HttpProtocolIpv6 !== 'enabled') throw Ec2Errors.invalidParameterValue(`Value (${o.HttpProtocolIpv6}) for parameter HttpProtocolIpv6 is invalid.`);
    throw Ec2Errors.unsupported('The IPv6 metadata endpoint is not supported by this sandbox (no IPv6).');
  }
  return {
    HttpTokens: o.HttpTokens,
    HttpPutResponseHopLimit: o.HttpPutResponseHopLimit,
    HttpEndpoint: o.HttpEndpoint,
    InstanceMetadataTags: o.InstanceMetadataTags,
  };
}

/** ECS's "The specified parameter "HttpTokens" is not valid." in EC2's words. */
export function mapMetadataOptionsError(e: ApiError): ApiError | undefined {
  const name = /"(Http\w+|InstanceMetadataTags)"/.exec(e.message)?.[1];
  if (e.code !== 'InvalidParameter' || !name) return undefined;
  return Ec2Errors.invalidParameterValue(`The value for parameter ${name} is invalid.`);
}

const monitoringAction = (name: 'MonitorInstances' | 'UnmonitorInstances') =>
  defineEc2Action<{ InstanceIds: string[]; DryRun?: boolean }>({
    name,
    uses: ['ModifyInstanceEc2Facts', 'DescribeInstances'],
    handle: async (input, call) => {
      const enable = name === 'MonitorInstances';
      await requireInstances(call, input.InstanceIds);
      await call.ecs('ModifyInstanceEc2Facts', { RegionId: call.region, InstanceId: input.InstanceIds, Monitoring: enable, DryRun: input.DryRun });
      // EC2 answers the transition (pending / disabling); DescribeInstances then shows enabled / disabled.
      return {
        InstanceMonitorings: [...new Set(input.InstanceIds)].map((InstanceId) => ({ InstanceId, Monitoring: { State: enable ? 'pending' : 'disabling' } })),
      };
    },
    mapError: (e, input) => (e.code === 'InvalidInstanceId.NotFound' ? InstanceErrors.notFound(input.InstanceIds) : undefined),
  });

export const monitorInstances = monitoringAction('MonitorInstances');
export const unmonitorInstances = monitoringAction('UnmonitorInstances');

export const modifyInstanceMetadataOptions = defineEc2Action<MetadataOptionsInput & { InstanceId: string; DryRun?: boolean }>({
  name: 'ModifyInstanceMetadataOptions',
  uses: ['ModifyInstanceMetadataOptions', 'DescribeInstances'],
  handle: async (input, call) => {
    checkInstanceIds([input.InstanceId]);
    const options = ecsMetadataOptions(input);
    if (Object.values(options).every((v) => v === undefined)) throw Ec2Errors.missingParameter('HttpTokens');
    await call.ecs('ModifyInstanceMetadataOptions', { RegionId: call.region, InstanceId: input.InstanceId, ...options, DryRun: input.DryRun });
    const [view] = await requireInstances(call, [input.InstanceId]);
    const now = (view?.MetadataOptions ?? {}) as Record<string, unknown>;
    // The change is `pending` in EC2's answer until the instance applies it; here it applies at once.
    return { InstanceId: input.InstanceId, InstanceMetadataOptions: { ...now, State: 'pending' } };
  },
  mapError: (e, input) => (e.code === 'InvalidInstanceId.NotFound' ? InstanceErrors.notFound([input.InstanceId]) : mapMetadataOptionsError(e)),
});
