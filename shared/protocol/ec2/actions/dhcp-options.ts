import { DhcpErrors } from '../../../domain/dhcp-options';
import { ApiError } from '../../../domain/errors';
import { isVpcError } from '../../../domain/vpc-errors';
import {
  associateDhcpOptions as associateOperation,
  createDhcpOptions as createOperation,
  deleteDhcpOptions as deleteOperation,
  describeDhcpOptions as describeOperation,
} from '../../../actions/vpc/dhcp-options-operations';
import { defineEc2Action, Ec2Errors } from '../adapter';
import { applyFilters, type Filter, type Tag } from '../views';

/**
 * EC2's DHCP option sets (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateDhcpOptions.html,
 * …/API_DescribeDhcpOptions.html, …/API_DeleteDhcpOptions.html, …/API_AssociateDhcpOptions.html):
 * codecs of the option set operations (shared/actions/vpc/dhcp-options-operations.ts), run with
 * `call.perform`: the derived default set first, then the created ones.
 */

function view(id: string, configurations: { key: string; values: string[] }[], tags: { key: string; value: string }[], ownerId: string) {
  return {
    DhcpOptionsId: id,
    OwnerId: ownerId,
    DhcpConfigurations: configurations.map((c) => ({ Key: c.key, Values: c.values.map((v) => ({ Value: v })) })),
    Tags: tags.map((t): Tag => ({ Key: t.key, Value: t.value })),
  };
}

export const createDhcpOptions = defineEc2Action<{
  DhcpConfigurations?: { Key?: string; Values?: string[] }[];
  TagSpecifications?: { ResourceType?: string; Tags?: Tag[] }[];
  DryRun?: boolean;
}>({
  name: 'CreateDhcpOptions',
  uses: ['CreateDhcpOptions', 'DescribeDhcpOptions'],
  handle: async (input, call) => {
    const tags = (input.TagSpecifications ?? []).filter((s) => s.ResourceType === 'dhcp-options').flatMap((s) => s.Tags ?? []);
    const { set } = await call.perform(
      createOperation,
      {
        regionId: call.region,
        configurations: (input.DhcpConfigurations ?? []).map((c) => ({ Key: c.Key, Value: c.Values ?? [] })),
        tags: tags.map((t) => ({ key: t.Key ?? '', value: t.Value ?? '' })),
      },
      { dryRun: input.DryRun },
    );
    return { DhcpOptions: view(set.dhcpOptionsId, set.configurations, set.tags, call.accountId) };
  },
});

export const describeDhcpOptions = defineEc2Action<{ DhcpOptionsIds?: string[]; Filters?: Filter[]; DryRun?: boolean }>({
  name: 'DescribeDhcpOptions',
  uses: ['DescribeDhcpOptions'],
  handle: async (input, call) => {
    const out = await call.perform(describeOperation, { regionId: call.region }, { dryRun: input.DryRun });
    let sets = [
      view(out.defaultSet.dhcpOptionsId, out.defaultSet.configurations, [], call.accountId),
      ...out.sets.map((s) => view(s.dhcpOptionsId, s.configurations, s.tags, call.accountId)),
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
    if (!input.DhcpOptionsId) throw Ec2Errors.missingParameter('DhcpOptionsId');
    await call.perform(deleteOperation, { regionId: call.region, dhcpOptionsId: input.DhcpOptionsId }, { dryRun: input.DryRun });
    return {};
  },
});

export const associateDhcpOptions = defineEc2Action<{ DhcpOptionsId: string; VpcId: string; DryRun?: boolean }>({
  name: 'AssociateDhcpOptions',
  uses: ['AssociateDhcpOptions'],
  handle: async (input, call) => {
    if (!input.DhcpOptionsId) throw Ec2Errors.missingParameter('DhcpOptionsId');
    if (!input.VpcId) throw Ec2Errors.missingParameter('VpcId');
    await call.perform(associateOperation, { regionId: call.region, dhcpOptionsId: input.DhcpOptionsId, vpcId: input.VpcId }, { dryRun: input.DryRun });
    return {};
  },
  mapError: (e, input) =>
    isVpcError(e) && e.reason === 'vpcNotFound' ? new ApiError('InvalidVpcID.NotFound', 400, `The vpc ID '${input.VpcId}' does not exist`) : undefined,
});
