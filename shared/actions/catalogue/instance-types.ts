import { z } from 'zod';
import { describeInstanceTypes as describeInstanceTypesView } from '../../domain/catalogue/describe';
import { defineAction } from '../action';
import { commonFields, p } from '../params';

const num = () => z.preprocess((v) => (v === '' ? undefined : typeof v === 'string' ? Number(v) : v), z.number().finite());

export const describeInstanceTypes = defineAction({
  name: 'DescribeInstanceTypes',
  audience: 'any',
  input: z.object({
    ...commonFields,
    InstanceTypes: p.list(p.string(), { max: 10 }).optional(),
    InstanceTypeFamily: p.string().optional(),
    InstanceTypeFamilies: p.list(p.string(), { max: 10 }).optional(),
    InstanceCategory: p.string().optional(),
    InstanceFamilyLevel: p.string().optional(),
    CpuArchitecture: p.string().optional(),
    GPUSpec: p.string().optional(),
    MinimumCpuCoreCount: num().optional(),
    MaximumCpuCoreCount: num().optional(),
    MinimumMemorySize: num().optional(),
    MaximumMemorySize: num().optional(),
    MinimumGPUAmount: num().optional(),
    MaximumGPUAmount: num().optional(),
    MaxResults: p.int().optional(),
    NextToken: p.string().optional(),
  }),
  handler: async (input) =>
    describeInstanceTypesView({
      instanceTypes: input.InstanceTypes,
      instanceTypeFamily: input.InstanceTypeFamily,
      instanceTypeFamilies: input.InstanceTypeFamilies,
      instanceCategory: input.InstanceCategory,
      instanceFamilyLevel: input.InstanceFamilyLevel,
      cpuArchitecture: input.CpuArchitecture,
      gpuSpec: input.GPUSpec,
      minimumCpuCoreCount: input.MinimumCpuCoreCount,
      maximumCpuCoreCount: input.MaximumCpuCoreCount,
      minimumMemorySize: input.MinimumMemorySize,
      maximumMemorySize: input.MaximumMemorySize,
      minimumGpuAmount: input.MinimumGPUAmount,
      maximumGpuAmount: input.MaximumGPUAmount,
      maxResults: input.MaxResults,
      nextToken: input.NextToken,
    }),
});
