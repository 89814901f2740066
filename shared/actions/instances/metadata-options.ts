import { z } from 'zod';
import { defineAction } from '../action';
import { commonFields, p } from '../params';
import { instanceId } from './common';
import { modifyInstanceMetadataOptions as modifyOptions } from './option-operations';

/**
 * ModifyInstanceMetadataOptions
 * (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-modifyinstancemetadataoptions):
 * the metadata service's endpoint, token mode, PUT hop limit and tags access, each optional; what is
 * not given stays. DescribeInstances shows them in `MetadataOptions`. The codec of the operation of
 * the same name (./option-operations.ts), which EC2's action of the same name also runs.
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
    await modifyOptions.run(
      {
        regionId: input.RegionId,
        instanceId: input.InstanceId,
        change: {
          httpEndpoint: input.HttpEndpoint,
          httpTokens: input.HttpTokens,
          httpPutResponseHopLimit: input.HttpPutResponseHopLimit,
          instanceMetadataTags: input.InstanceMetadataTags,
        },
      },
      ctx,
    );
    return {};
  },
});
