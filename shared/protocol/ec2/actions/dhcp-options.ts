import { defaultDhcpConfigurations, DhcpErrors } from '../../../domain/dhcp-options';
import { ApiError } from '../../../domain/errors';
import { defineEc2Action } from '../adapter';
import { applyFilters, type Filter, type Tag } from '../views';

/**
 * EC2's DHCP option sets (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateDhcpOptions.html,
 * …/API_DescribeDhcpOptions.html, …/API_DeleteDhcpOptions.html, …/API_AssociateDhcpOptions.html)
 * over the EC2-only declarations of shared/actions/vpc/dhcp-options.ts: the derived default set
 * first, then the created ones.
 */

interface StoredSet {
  DhcpOptionsId: string;
  Configurations: { key: string; values: string[] }[];
  Tags: { key: string; value: string }[];
}

function view(id: string, configurations: { key: string; values: string[] }[], tags: { key: string; value: string }[], ownerId: string) {
  return {
    DhcpOptionsId: id,
    OwnerId: ownerId,
    DhcpConfigurations: configurations.map((c) => ({ Key: c.key, Values: c.values.map((v) => ({ Value: v })) })),
    Tags: tags.map((t): Tag => ({ Key: t.key, Value: t.value })),
  };
}

const vpcNotFound = (e: ApiError, vpcId: string): ApiError | undefined =>
  e.code === 'InvalidVpcId.NotFound' ? new ApiError('InvalidVpcID.NotFound', 400, `The vpc ID '${vpcId}' does not exist`) : undefined;

export const createDhcpOptions = defineEc2Action<{
  DhcpConfigurations?: { Key?: string; Values?: string[] }[];
  TagSpecifications?: { ResourceType?: string; Tags?: Tag[] }[];
  DryRun?: boolean;
}>({
  name: 'CreateDhcpOptions',
  uses: ['CreateDhcpOptions', 'DescribeDhcpOptions'],
  handle: async (input, call) => {
    const tags = (input.TagSpecifications ?? []).filter((s) => s.ResourceType === 'dhcp-options').flatMap((s) => s.Tags ?? []);
    const out = await call.ecs<{ DhcpOptionsId: string }>('CreateDhcpOptions', {
      RegionId: call.region,
      DhcpConfiguration: (input.DhcpConfigurations ?? []).map((c) => ({ Key: c.Key, Value: c.Values ?? [] })),
      Tag: tags.map((t) => ({ Key: t.Key ?? '', Value: t.Value ?? '' })),
      DryRun: input.DryRun,
    });
    const all = await call.ecs<{ DhcpOptions: StoredSet[] }>('DescribeDhcpOptions', { RegionId: call.region });
    const made = all.DhcpOptions.find((s) => s.DhcpOptionsId === out.DhcpOptionsId)!;
    return { DhcpOptions: view(made.DhcpOptionsId, made.Configurations, made.Tags, call.accountId) };
  },
});

export const describeDhcpOptions = defineEc2Action<{ DhcpOptionsIds?: string[]; Filters?: Filter[]; DryRun?: boolean }>({
  name: 'DescribeDhcpOptions',
  uses: ['DescribeDhcpOptions'],
  handle: async (input, call) => {
    const out = await call.ecs<{ DefaultDhcpOptionsId: string; DhcpOptions: StoredSet[] }>('DescribeDhcpOptions', {
      RegionId: call.region,
      DryRun: input.DryRun,
    });
    let sets = [
      view(out.DefaultDhcpOptionsId, defaultDhcpConfigurations(call.region), [], call.accountId),
      ...out.DhcpOptions.map((s) => view(s.DhcpOptionsId, s.Configurations, s.Tags, call.accountId)),
    ];
    for (const id of input.DhcpOptionsIds ?? []) if (!sets.some((s) => s.DhcpOptionsId === id)) throw DhcpErrors.notFound(id);
    if (input.DhcpOptionsIds?.length) sets = sets.filter((s) => input.DhcpOptionsIds!.includes(s.DhcpOptionsId));
    sets = applyFilters(sets, input.Filters, {
      'dhcp-options-id': (s) => s.DhcpOptionsId,
      'owner-id': (s) => s.OwnerId,
      key: (s) => s.DhcpConfigurations.map((c) => c.Key),
      value: (s) => s.DhcpConfigurations.flatMap((c) => c.Values.map((v) => v.Value)),
    });
    return { DhcpOptions: sets };
  },
});

export const deleteDhcpOptions = defineEc2Action<{ DhcpOptionsId: string; DryRun?: boolean }>({
  name: 'DeleteDhcpOptions',
  uses: ['DeleteDhcpOptions'],
  handle: async (input, call) => {
    await call.ecs('DeleteDhcpOptions', { RegionId: call.region, DhcpOptionsId: input.DhcpOptionsId, DryRun: input.DryRun });
    return {};
  },
});

export const associateDhcpOptions = defineEc2Action<{ DhcpOptionsId: string; VpcId: string; DryRun?: boolean }>({
  name: 'AssociateDhcpOptions',
  uses: ['AssociateDhcpOptions'],
  handle: async (input, call) => {
    await call.ecs('AssociateDhcpOptions', { RegionId: call.region, DhcpOptionsId: input.DhcpOptionsId, VpcId: input.VpcId, DryRun: input.DryRun });
    return {};
  },
  mapError: (e, input) => vpcNotFound(e, input.VpcId),
});
