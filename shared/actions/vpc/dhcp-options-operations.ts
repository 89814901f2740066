import {
  checkDhcpConfigurations,
  defaultDhcpConfigurations,
  defaultDhcpOptionsId,
  DhcpErrors,
  VPC_DEFAULT_DHCP,
  VPC_NO_DHCP,
  type DhcpOptionsRecord,
} from '../../domain/dhcp-options';
import { validateTags, type TagInput } from '../../domain/tags';
import { newResourceId } from '../../platform/ids';
import { dhcpOptionsKey, listDhcpOptions, loadDhcpOptions } from '../../store/dhcp-options';
import { releaseQuotaSlots, takeQuotaSlots } from '../../store/quota-counters';
import { listVpcs, recordOf, saveNetworkItem } from '../../store/vpcs';
import { accountOf } from '../action';
import { requireRegion } from '../instances/common';
import { defineOperation } from '../operation';
import { requireVpc } from './lookups';

/**
 * EC2's DHCP option sets as typed operations (docs/operations.md, docs/network.md "DHCP option
 * sets"): CreateDhcpOptions, DescribeDhcpOptions, DeleteDhcpOptions, AssociateDhcpOptions
 * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateDhcpOptions.html and siblings).
 * EC2-only: their errors carry EC2's codes (`DhcpErrors`, shared/domain/dhcp-options.ts); an
 * unknown VPC is the typed `VpcError` (reason `vpcNotFound`). The model: shared/domain/dhcp-options.ts.
 */

export type { DhcpOptionsRecord };

export const createDhcpOptions = defineOperation<
  { regionId: string; configurations: readonly { Key?: string; Value?: string[] }[]; tags: readonly TagInput[] },
  { set: DhcpOptionsRecord }
>({
  name: 'CreateDhcpOptions',
  run: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.regionId);
    const configurations = checkDhcpConfigurations([...input.configurations]);
    const tags = validateTags(input.tags);
    await takeQuotaSlots(ctx.store, ctx.tx, { accountId, quotaName: 'DhcpOptionSets', scope: regionId, amount: 1, onFail: DhcpErrors.limit });
    const set: DhcpOptionsRecord = {
      dhcpOptionsId: newResourceId('dopt', regionId),
      accountId,
      regionId,
      configurations,
      createdAt: ctx.now.toISOString(),
      tags: tags.map((t) => ({ key: t.key, value: t.value })),
    };
    ctx.tx.create(dhcpOptionsKey(accountId, regionId, set.dhcpOptionsId), set);
    return { set };
  },
});

export interface DhcpOptionsSets {
  /** The derived default set of the account-region (always listed first). */
  defaultSet: { dhcpOptionsId: string; configurations: { key: string; values: string[] }[] };
  /** The created sets. */
  sets: DhcpOptionsRecord[];
}

/** The default set and the created ones: one Query of the region's option sets (bounded by the DhcpOptionSets quota). */
export const describeDhcpOptions = defineOperation<{ regionId: string }, DhcpOptionsSets>({
  name: 'DescribeDhcpOptions',
  run: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.regionId);
    const sets = (await listDhcpOptions(ctx.store, accountId, regionId)).map(recordOf);
    return { defaultSet: { dhcpOptionsId: defaultDhcpOptionsId(accountId, regionId), configurations: defaultDhcpConfigurations(regionId) }, sets };
  },
});

/** DeleteDhcpOptions: a created set no VPC uses; never the derived default set. */
export const deleteDhcpOptions = defineOperation<{ regionId: string; dhcpOptionsId: string }, Record<string, never>>({
  name: 'DeleteDhcpOptions',
  run: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.regionId);
    const vpcs = await listVpcs(ctx.store, accountId, regionId);
    const held = (id: string) => vpcs.some((v) => v.dhcpOptionsId === id || (id === VPC_DEFAULT_DHCP && !v.dhcpOptionsId));
    // The default set is derived: while any VPC uses it, it stays (and it comes back for new VPCs).
    if (input.dhcpOptionsId === defaultDhcpOptionsId(accountId, regionId)) throw DhcpErrors.inUse(input.dhcpOptionsId);
    const set = await loadDhcpOptions(ctx.store, accountId, regionId, input.dhcpOptionsId);
    if (!set) throw DhcpErrors.notFound(input.dhcpOptionsId);
    if (held(set.dhcpOptionsId)) throw DhcpErrors.inUse(set.dhcpOptionsId);
    ctx.tx.remove(set);
    releaseQuotaSlots(ctx.tx, { accountId, quotaName: 'DhcpOptionSets', scope: regionId, amount: 1 });
    return {};
  },
});

/** AssociateDhcpOptions: a set id, the default set's id, or `default` (no set). */
export const associateDhcpOptions = defineOperation<{ regionId: string; dhcpOptionsId: string; vpcId: string }, Record<string, never>>({
  name: 'AssociateDhcpOptions',
  run: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.regionId);
    let held: string;
    if (input.dhcpOptionsId === 'default') held = VPC_NO_DHCP;
    else if (input.dhcpOptionsId === defaultDhcpOptionsId(accountId, regionId)) held = VPC_DEFAULT_DHCP;
    else {
      const set = await loadDhcpOptions(ctx.store, accountId, regionId, input.dhcpOptionsId);
      if (!set) throw DhcpErrors.notFound(input.dhcpOptionsId);
      // The set is rewritten (its version moves), so a concurrent DeleteDhcpOptions, which read
      // the VPCs before this association, conflicts and re-runs, then sees it.
      ctx.tx.replace(set, recordOf(set));
      held = set.dhcpOptionsId;
    }
    const vpc = await requireVpc(ctx, regionId, input.vpcId);
    saveNetworkItem(ctx.tx, vpc, { ...recordOf(vpc), dhcpOptionsId: held });
    return {};
  },
});
