import { modifyInstanceEc2Facts, modifyInstanceMetadataOptions as modifyMetadataOptions } from '../../../actions/instances/option-operations';
import type { ApiError } from '../../../domain/errors';
import { isInstanceError } from '../../../domain/instance-errors';
import type { MetadataOptionsChange } from '../../../domain/instance-options';
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

/** EC2's metadata options as the typed change (IPv6 has no endpoint here: only `disabled`). */
export function metadataOptionsChange(o: MetadataOptionsInput): MetadataOptionsChange {
  if (o.HttpProtocolIpv6 !== undefined && o.HttpProtocolIpv6 !== 'disabled') {
    if (o.HttpProtocolIpv6 !== 'enabled') throw Ec2Errors.invalidParameterValue(`Value (${o.HttpProtocolIpv6}) for parameter HttpProtocolIpv6 is invalid.`);
    throw Ec2Errors.unsupported('The IPv6 metadata endpoint is not supported by this sandbox (no IPv6).');
  }
  return {
    httpTokens: o.HttpTokens,
    httpPutResponseHopLimit: o.HttpPutResponseHopLimit,
    httpEndpoint: o.HttpEndpoint,
    instanceMetadataTags: o.InstanceMetadataTags,
  };
}

/** The ECS parameters of EC2's metadata options (RunInstances, which still launches through the ECS action). */
export function ecsMetadataOptions(o: MetadataOptionsInput | undefined): Record<string, unknown> {
  if (!o) return {};
  const change = metadataOptionsChange(o);
  return {
    HttpTokens: change.httpTokens,
    HttpPutResponseHopLimit: change.httpPutResponseHopLimit,
    HttpEndpoint: change.httpEndpoint,
    InstanceMetadataTags: change.instanceMetadataTags,
  };
}

/** A metadata option out of its set, in EC2's words. */
export function mapMetadataOptionsError(e: ApiError): ApiError | undefined {
  if (!isInstanceError(e) || e.reason !== 'invalidMetadataOption' || !e.parameter) return undefined;
  return Ec2Errors.invalidParameterValue(`The value for parameter ${e.parameter} is invalid.`);
}

const monitoringAction = (name: 'MonitorInstances' | 'UnmonitorInstances') =>
  defineEc2Action<{ InstanceIds: string[]; DryRun?: boolean }>({
    name,
    uses: ['ModifyInstanceEc2Facts', 'DescribeInstances'],
    handle: async (input, call) => {
      const enable = name === 'MonitorInstances';
      await requireInstances(call, input.InstanceIds);
      try {
        await call.perform(
          modifyInstanceEc2Facts,
          { regionId: call.region, instanceIds: input.InstanceIds, facts: { monitoring: enable } },
          { dryRun: input.DryRun },
        );
      } catch (e) {
        // Terminated since the view was read: EC2 names the instances of the call.
        throw isInstanceError(e) && e.reason === 'notFound' ? InstanceErrors.notFound(input.InstanceIds) : e;
      }
      // EC2 answers the transition (pending / disabling); DescribeInstances then shows enabled / disabled.
      return {
        InstanceMonitorings: [...new Set(input.InstanceIds)].map((InstanceId) => ({ InstanceId, Monitoring: { State: enable ? 'pending' : 'disabling' } })),
      };
    },
  });

export const monitorInstances = monitoringAction('MonitorInstances');
export const unmonitorInstances = monitoringAction('UnmonitorInstances');

export const modifyInstanceMetadataOptions = defineEc2Action<MetadataOptionsInput & { InstanceId: string; DryRun?: boolean }>({
  name: 'ModifyInstanceMetadataOptions',
  uses: ['ModifyInstanceMetadataOptions', 'DescribeInstances'],
  handle: async (input, call) => {
    checkInstanceIds([input.InstanceId]);
    const change = metadataOptionsChange(input);
    if (Object.values(change).every((v) => v === undefined)) throw Ec2Errors.missingParameter('HttpTokens');
    try {
      await call.perform(modifyMetadataOptions, { regionId: call.region, instanceId: input.InstanceId, change }, { dryRun: input.DryRun });
    } catch (e) {
      if (isInstanceError(e) && e.reason === 'notFound') throw InstanceErrors.notFound([input.InstanceId]);
      throw (isInstanceError(e) && mapMetadataOptionsError(e)) || e;
    }
    const [view] = await requireInstances(call, [input.InstanceId]);
    const now = (view?.MetadataOptions ?? {}) as Record<string, unknown>;
    // The change is `pending` in EC2's answer until the instance applies it; here it applies at once.
    return { InstanceId: input.InstanceId, InstanceMetadataOptions: { ...now, State: 'pending' } };
  },
});
