import { z } from 'zod';
import { changeMetadataOptions, metadataOptionsOf } from '../../domain/instance-options';
import { InstanceErrors } from '../../domain/instance';
import { defineAction } from '../action';
import { commonFields, p } from '../params';
import { instanceId, loadCurrent, save } from './common';

/**
 * ModifyInstanceMetadataOptions
 * (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-modifyinstancemetadataoptions):
 * the metadata service's endpoint, token mode, PUT hop limit and tags access, each optional; what is
 * not given stays. DescribeInstances shows them in `MetadataOptions`. EC2's action of the same name
 * is an adapter over this one.
 */
export const modifyInstanceMetadataOptions = defineAction({
  name: 'ModifyInstanceMetadataOptions',
  input: z.object({
    ...commonFields,
    InstanceId: instanceId(),
    RegionId: p.regionId().optional(),
    HttpEndpoint: p.string().optional(),
    HttpTokens: p.string().optional(),
    HttpPutResponseHopLimit: p.int().optional(),
    InstanceMetadataTags: p.string().optional(),
  }),
  handler: async (input, ctx) => {
    const loaded = await loadCurrent(ctx, input.RegionId, input.InstanceId);
    if (loaded.current.locks.some((l) => l.reason === 'security')) throw InstanceErrors.lockedForSecurity();
    const next = changeMetadataOptions(metadataOptionsOf(loaded.current), {
      httpEndpoint: input.HttpEndpoint,
      httpTokens: input.HttpTokens,
      httpPutResponseHopLimit: input.HttpPutResponseHopLimit,
      instanceMetadataTags: input.InstanceMetadataTags,
    });
    save(ctx, loaded, { ...loaded.current, metadataOptions: next });
    return {};
  },
});
