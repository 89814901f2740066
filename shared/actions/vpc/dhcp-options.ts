import { z } from 'zod';
import { checkDhcpConfigurations, defaultDhcpOptionsId, DhcpErrors, VPC_DEFAULT_DHCP, VPC_NO_DHCP, type DhcpOptionsRecord } from '../../domain/dhcp-options';
import { validateTags } from '../../domain/tags';
import { newResourceId } from '../../platform/ids';
import { dhcpOptionsKey, listDhcpOptions, loadDhcpOptions } from '../../store/dhcp-options';
import { releaseQuotaSlots, takeQuotaSlots } from '../../store/quota-counters';
import { listVpcs, recordOf, saveNetworkItem } from '../../store/vpcs';
import { accountOf, defineAction } from '../action';
import { requireRegion } from '../instances/common';
import { commonFields, p } from '../params';
import { tagEntries, toTagInputs } from '../tags/input';
import { requireVpc } from './vpcs';

/**
 * EC2's DHCP option sets (CreateDhcpOptions, DeleteDhcpOptions, AssociateDhcpOptions, the
 * stored part of DescribeDhcpOptions; https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateDhcpOptions.html
 * and siblings). The VPC API's own option sets (CreateDhcpOptionsSet, …) are a different
 * resource the sandbox does not simulate, so these declarations are reachable only through the
 * EC2 adapters (EC2_ONLY_ACTIONS), with EC2's codes. The model: shared/domain/dhcp-options.ts.
 */

export const createDhcpOptions = defineAction({
  name: 'CreateDhcpOptions',
  input: z.object({
    ...commonFields,
    RegionId: p.regionId(),
    DhcpConfiguration: p.list(z.object({ Key: p.string().optional(), Value: p.list(p.string()).optional() }), { max: 10 }).optional(),
    Tag: tagEntries(),
  }),
  handler: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.RegionId);
    const configurations = checkDhcpConfigurations(input.DhcpConfiguration ?? []);
    const tags = validateTags(toTagInputs(input.Tag));
    await takeQuotaSlots(ctx.store, ctx.tx, { accountId, quotaName: 'DhcpOptionSets', scope: regionId, amount: 1, onFail: DhcpErrors.limit });
    const id = newResourceId('dopt', regionId);
    const record: DhcpOptionsRecord = {
      dhcpOptionsId: id,
      accountId,
      regionId,
      configurations,
      createdAt: ctx.now.toISOString(),
      tags: tags.map((t) => ({ key: t.key, value: t.value })),
    };
    ctx.tx.create(dhcpOptionsKey(accountId, regionId, id), record);
    return { DhcpOptionsId: id };
  },
});

export const describeDhcpOptionSets = defineAction({
  name: 'DescribeDhcpOptions',
  input: z.object({ ...commonFields, RegionId: p.regionId() }),
  handler: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.RegionId);
    const sets = await listDhcpOptions(ctx.store, accountId, regionId);
    return {
      DefaultDhcpOptionsId: defaultDhcpOptionsId(accountId, regionId),
      DhcpOptions: sets.map((s) => ({ DhcpOptionsId: s.dhcpOptionsId, Configurations: s.configurations, Tags: s.tags })),
    };
  },
});

export const deleteDhcpOptions = defineAction({
  name: 'DeleteDhcpOptions',
  input: z.object({ ...commonFields, RegionId: p.regionId(), DhcpOptionsId: p.string({ min: 1 }) }),
  handler: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.RegionId);
    const vpcs = await listVpcs(ctx.store, accountId, regionId);
    const held = (id: string) => vpcs.some((v) => v.dhcpOptionsId === id || (id === VPC_DEFAULT_DHCP && !v.dhcpOptionsId));
    // The default set is derived: while any VPC uses it, it stays (and it comes back for new VPCs).
    if (input.DhcpOptionsId === defaultDhcpOptionsId(accountId, regionId)) throw DhcpErrors.inUse(input.DhcpOptionsId);
    const set = await loadDhcpOptions(ctx.store, accountId, regionId, input.DhcpOptionsId);
    if (!set) throw DhcpErrors.notFound(input.DhcpOptionsId);
    if (held(set.dhcpOptionsId)) throw DhcpErrors.inUse(set.dhcpOptionsId);
    ctx.tx.remove(set);
    releaseQuotaSlots(ctx.tx, { accountId, quotaName: 'DhcpOptionSets', scope: regionId, amount: 1 });
    return {};
  },
});

export const associateDhcpOptions = defineAction({
  name: 'AssociateDhcpOptions',
  input: z.object({ ...commonFields, RegionId: p.regionId(), DhcpOptionsId: p.string({ min: 1 }), VpcId: p.string({ min: 1 }) }),
  handler: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.RegionId);
    let held: string;
    if (input.DhcpOptionsId === 'default') held = VPC_NO_DHCP;
    else if (input.DhcpOptionsId === defaultDhcpOptionsId(accountId, regionId)) held = VPC_DEFAULT_DHCP;
    else {
      const set = await loadDhcpOptions(ctx.store, accountId, regionId, input.DhcpOptionsId);
      if (!set) throw DhcpErrors.notFound(input.DhcpOptionsId);
      // The set is rewritten (its version moves), so a concurrent DeleteDhcpOptions, which read
      // the VPCs before this association, conflicts and re-runs, then sees it.
      ctx.tx.replace(set, recordOf(set));
      held = set.dhcpOptionsId;
    }
    const vpc = await requireVpc(ctx, regionId, input.VpcId);
    saveNetworkItem(ctx.tx, vpc, { ...recordOf(vpc), dhcpOptionsId: held });
    return {};
  },
});
