import { z } from 'zod';
import { INSTANCE_TYPES } from '../../domain/catalogue/instance-types';
import { findZone } from '../../domain/catalogue/regions';
import { DESTINATION_RESOURCES, describeAvailableResource as availableResourceView, type DestinationResource } from '../../domain/catalogue/available-resource';
import { Errors } from '../../domain/errors';
import { QUOTAS } from '../../domain/quotas';
import { lifecycle } from '../../platform/config';
import { listInstances } from '../../store/instances';
import { Keys } from '../../store/keys';
import { accountOf, defineAction } from '../action';
import { requireRegion } from '../instances/common';
import { commonFields, p } from '../params';

/**
 * Discovery, as infrastructure-as-code tools do it before they buy: DescribeAvailableResource
 * (what the catalogue offers per zone and billing method) and DescribeAccountAttributes (the
 * account's limits and usage).
 */
export const describeAvailableResource = defineAction({
  name: 'DescribeAvailableResource',
  input: z.object({
    ...commonFields,
    RegionId: p.regionId(),
    DestinationResource: p.string({ min: 1 }),
    ZoneId: p.string().optional(),
    InstanceChargeType: p.enum(['PrePaid', 'PostPaid']).optional(),
    SpotStrategy: p.enum(['NoSpot']).optional(),
    IoOptimized: p.enum(['none', 'optimized']).optional(),
    InstanceType: p.string().optional(),
    SystemDiskCategory: p.string().optional(),
    DataDiskCategory: p.string().optional(),
    NetworkCategory: p.enum(['vpc', 'classic']).optional(),
    Cores: p.int({ min: 1 }).optional(),
    Memory: z.preprocess((v) => (typeof v === 'string' && /^[0-9]+(\.[0-9]+)?$/.test(v) ? Number(v) : v), z.number().positive()).optional(),
    ResourceType: p.enum(['instance', 'disk', 'reservedinstance', 'ddh']).optional(),
    Scope: p.enum(['Region', 'Zone']).optional(),
  }),
  handler: async (input) => {
    const regionId = requireRegion(input.RegionId);
    if (!(DESTINATION_RESOURCES as readonly string[]).includes(input.DestinationResource)) throw Errors.invalidParameter('DestinationResource');
    if (input.ZoneId !== undefined && !findZone(regionId, input.ZoneId)) throw Errors.invalidParameter('ZoneId');
    return availableResourceView({
      regionId,
      destination: input.DestinationResource as DestinationResource,
      chargeType: input.InstanceChargeType ?? 'PostPaid',
      zoneId: input.ZoneId,
      instanceType: input.InstanceType,
      ioOptimized: input.IoOptimized,
      systemDiskCategory: input.SystemDiskCategory,
      dataDiskCategory: input.DataDiskCategory,
      networkCategory: input.NetworkCategory,
      cores: input.Cores,
      memory: input.Memory,
      resourceType: input.ResourceType ?? (input.DestinationResource === 'DataDisk' && !input.InstanceType ? 'disk' : 'instance'),
    });
  },
});

/**
 * The attribute names of the reference
 * (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describeaccountattributes);
 * the sandbox answers those it models and leaves the others out.
 */
const ATTRIBUTE_NAMES = [
  'instance-network-type',
  'max-security-groups',
  'max-elastic-network-interfaces',
  'max-postpaid-instance-vcpu-count',
  'max-spot-instance-vcpu-count',
  'used-postpaid-instance-vcpu-count',
  'used-spot-instance-vcpu-count',
  'max-postpaid-yundisk-capacity',
  'used-postpaid-yundisk-capacity',
  'max-dedicated-hosts',
  'supported-postpaid-instance-types',
  'max-axt-command-count',
  'max-axt-invocation-daily',
  'real-name-authentication',
  'max-cloud-assistant-activation-count',
] as const;

export const describeAccountAttributes = defineAction({
  name: 'DescribeAccountAttributes',
  input: z.object({
    ...commonFields,
    RegionId: p.regionId(),
    ZoneId: p.string().optional(),
    AttributeName: p.list(p.string(), { max: 15 }).optional(),
  }),
  handler: async (input, ctx) => {
    const regionId = requireRegion(input.RegionId);
    if (input.ZoneId !== undefined && !findZone(regionId, input.ZoneId)) throw Errors.invalidParameter('ZoneId');
    const asked = input.AttributeName ?? [...ATTRIBUTE_NAMES];
    for (const [i, name] of asked.entries()) {
      if (!(ATTRIBUTE_NAMES as readonly string[]).includes(name)) throw Errors.invalidParameter(`AttributeName.${i + 1}`);
    }
    const accountId = accountOf(ctx);
    const value = (v: string | number, extra: Record<string, unknown> = {}) => ({
      Value: String(v),
      Count: 1,
      ExpiredTime: '',
      ZoneId: input.ZoneId ?? '',
      ...extra,
    });
    const out: { AttributeName: string; AttributeValues: { ValueItem: Record<string, unknown>[] } }[] = [];
    for (const name of asked) {
      let items: Record<string, unknown>[] | undefined;
      switch (name) {
        case 'instance-network-type':
          items = [value('vpc')];
          break;
        case 'real-name-authentication':
          items = [value('yes')];
          break;
        case 'max-security-groups': {
          const own = await ctx.store.get<{ value: number }>(Keys.accountQuota(accountId, 'SecurityGroups'));
          items = [value(own?.value ?? QUOTAS.SecurityGroups!.default())];
          break;
        }
        case 'supported-postpaid-instance-types':
          items = INSTANCE_TYPES.filter((t) => t.paygDefault).map((t) =>
            value(t.instanceTypeId, { InstanceType: t.instanceTypeId, InstanceChargeType: 'PostPaid' }),
          );
          break;
        case 'used-postpaid-instance-vcpu-count': {
          const { items: running } = await listInstances(ctx.store, accountId, regionId, {
            now: ctx.now,
            settings: lifecycle,
            limit: 100_000,
            keep: (i) => i.chargeType === 'PostPaid' && (input.ZoneId === undefined || i.zoneId === input.ZoneId),
          });
          items = [
            value(
              running.reduce((n, i) => n + i.cpu, 0),
              { InstanceChargeType: 'PostPaid' },
            ),
          ];
          break;
        }
        default:
          items = undefined; // not modelled by the sandbox: left out
      }
      if (items) out.push({ AttributeName: name, AttributeValues: { ValueItem: items } });
    }
    return { AccountAttributeItems: { AccountAttributeItem: out } };
  },
});
