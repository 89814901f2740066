import { InstanceErrors, type InstanceRecord } from '../../domain/instance';
import { aboutInstance } from '../../domain/instance-errors';
import { changeMetadataOptions, metadataOptionsOf, withEc2Facts, type Ec2InstanceFacts, type MetadataOptionsChange } from '../../domain/instance-options';
import type { ActionContext } from '../action';
import { defineOperation } from '../operation';
import { loadCurrent, loadCurrentMany, requireRegion, save } from './common';

/**
 * The instance option operations (docs/operations.md): the facts only EC2 sets (detailed
 * monitoring, stop protection, source/destination check, CPU credits) and the metadata service
 * options. Their ECS codecs are ./ec2-facts.ts and ./metadata-options.ts; the EC2 adapters
 * (shared/protocol/ec2/actions/instance-options.ts, instance-resets.ts, instance-attributes.ts)
 * call them through `call.perform`. Typed errors: shared/domain/instance-errors.ts.
 */

/** The facts a call may change; what is absent stays. */
export type Ec2FactsChange = Pick<Ec2InstanceFacts, 'monitoring' | 'disableApiStop' | 'sourceDestCheck' | 'cpuCredits'>;

/** Every named instance of the region, or `notFound` naming the first missing one (nothing changes). */
async function requireAll(ctx: ActionContext, regionId: string, ids: readonly string[]) {
  const unique = [...new Set(ids)];
  const loaded = await loadCurrentMany(ctx, requireRegion(regionId), unique);
  for (const id of unique) if (!loaded.has(id)) throw aboutInstance(InstanceErrors.notFound(), id);
  return unique.map((id) => loaded.get(id)!);
}

/** Sets the EC2 facts of several instances, all or nothing. */
export const modifyInstanceEc2Facts = defineOperation<{ regionId: string; instanceIds: readonly string[]; facts: Ec2FactsChange }, InstanceRecord[]>({
  name: 'ModifyInstanceEc2Facts',
  run: async (input, ctx) =>
    (await requireAll(ctx, input.regionId, input.instanceIds)).map((item) => {
      const next = withEc2Facts(item.current, input.facts);
      save(ctx, item, next);
      return next;
    }),
});

/**
 * ModifyInstanceMetadataOptions
 * (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-modifyinstancemetadataoptions):
 * each option in its documented set (`invalidMetadataOption` naming the parameter); a locked
 * instance refuses.
 */
export const modifyInstanceMetadataOptions = defineOperation<{ regionId?: string; instanceId: string; change: MetadataOptionsChange }, InstanceRecord>({
  name: 'ModifyInstanceMetadataOptions',
  run: async (input, ctx) => {
    const loaded = await loadCurrent(ctx, input.regionId, input.instanceId);
    if (loaded.current.locks.some((l) => l.reason === 'security')) throw InstanceErrors.lockedForSecurity();
    const next = { ...loaded.current, metadataOptions: changeMetadataOptions(metadataOptionsOf(loaded.current), input.change) };
    save(ctx, loaded, next);
    return next;
  },
});
