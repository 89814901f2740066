import { ApiError } from '../../../domain/errors';
import { loadKeyPairs } from '../../../store/key-pairs';
import { defineEc2Action, Ec2Errors, type Ec2Call } from '../adapter';
import { applyFilters, pageOf, type Filter, type Tag } from '../views';

/**
 * CreateTags, DeleteTags and DescribeTags of the EC2 dialect over the ECS tag actions
 * (TagResources, UntagResources, ListTagResources). An EC2 call names resources of any type
 * by id; the type is read from the id's prefix in either dialect's form
 * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateTags.html). Every id is
 * checked to exist before anything is written, so an unknown id changes nothing.
 */

interface TagKind {
  /** The ECS ResourceType. */
  ecs: string;
  /** EC2's resource-type name (DescribeTags `resource-type`). */
  ec2: string;
  prefixes: string[];
  notFound: (id: string) => ApiError;
}

const KINDS: TagKind[] = [
  { ecs: 'instance', ec2: 'instance', prefixes: ['i'], notFound: (id) => new ApiError('InvalidInstanceID.NotFound', 400, `The instance ID '${id}' does not exist`) },
  { ecs: 'disk', ec2: 'volume', prefixes: ['vol', 'd'], notFound: (id) => new ApiError('InvalidVolume.NotFound', 400, `The volume '${id}' does not exist.`) },
  { ecs: 'snapshot', ec2: 'snapshot', prefixes: ['snap', 's'], notFound: (id) => new ApiError('InvalidSnapshot.NotFound', 400, `The snapshot '${id}' does not exist.`) },
  { ecs: 'image', ec2: 'image', prefixes: ['ami', 'm'], notFound: (id) => new ApiError('InvalidAMIID.NotFound', 400, `The image id '[${id}]' does not exist`) },
  { ecs: 'securitygroup', ec2: 'security-group', prefixes: ['sg'], notFound: (id) => new ApiError('InvalidGroup.NotFound', 400, `The security group '${id}' does not exist`) },
  { ecs: 'keypair', ec2: 'key-pair', prefixes: ['key'], notFound: (id) => new ApiError('InvalidKeyPair.NotFound', 400, `The key pair '${id}' does not exist`) },
  { ecs: 'vpc', ec2: 'vpc', prefixes: ['vpc'], notFound: (id) => new ApiError('InvalidVpcID.NotFound', 400, `The vpc ID '${id}' does not exist`) },
  { ecs: 'vswitch', ec2: 'subnet', prefixes: ['subnet', 'vsw'], notFound: (id) => new ApiError('InvalidSubnetID.NotFound', 400, `The subnet ID '${id}' does not exist`) },
  { ecs: 'routetable', ec2: 'route-table', prefixes: ['rtb', 'vtb'], notFound: (id) => new ApiError('InvalidRouteTableID.NotFound', 400, `The routeTable ID '${id}' does not exist`) },
  {
    ecs: 'internetgateway',
    ec2: 'internet-gateway',
    prefixes: ['igw'],
    notFound: (id) => new ApiError('InvalidInternetGatewayID.NotFound', 400, `The internetGateway ID '${id}' does not exist`),
  },
];

const kindOf = (id: string): TagKind => {
  const prefix = id.includes('-') ? id.slice(0, id.indexOf('-')) : '';
  const kind = KINDS.find((k) => k.prefixes.includes(prefix) && id.length > prefix.length + 1);
  if (!kind) throw new ApiError('InvalidID', 400, `The ID '${id}' is not valid`);
  return kind;
};

/** EC2 key pairs are tagged by id (`key-…`); ECS tags them by name. */
async function keyNames(call: Ec2Call): Promise<Map<string, string>> {
  const listed = await call.ecsPages('DescribeKeyPairs', { RegionId: call.region }, (out) => out.KeyPairs.KeyPair, 50);
  const records = await loadKeyPairs(call.store, call.accountId, call.region, listed.map((k: any) => k.KeyPairName));
  const byId = new Map<string, string>();
  for (const [name, r] of records) byId.set(r.keyPairId, name);
  return byId;
}

/** The ids of one call grouped by ECS type, in ECS form (key pairs by name). */
async function groupIds(call: Ec2Call, ids: string[]): Promise<Map<TagKind, { ecsId: string; ec2Id: string }[]>> {
  const groups = new Map<TagKind, { ecsId: string; ec2Id: string }[]>();
  let names: Map<string, string> | undefined;
  for (const id of [...new Set(ids)]) {
    const kind = kindOf(id);
    let ecsId = id;
    if (kind.ecs === 'keypair') {
      names ??= await keyNames(call);
      const name = names.get(id);
      if (!name) throw kind.notFound(id);
      ecsId = name;
    }
    const list = groups.get(kind) ?? [];
    list.push({ ecsId, ec2Id: id });
    groups.set(kind, list);
  }
  return groups;
}

/** Every named resource exists (ListTagResources by id answers only those found). */
async function requireExisting(call: Ec2Call, groups: Map<TagKind, { ecsId: string; ec2Id: string }[]>): Promise<void> {
  for (const [kind, list] of groups) {
    for (let i = 0; i < list.length; i += 50) {
      const chunk = list.slice(i, i + 50);
      try {
        await probe(call, kind, chunk.map((c) => c.ecsId));
      } catch (e) {
        if (e instanceof ApiError && e.code === 'DryRunOperation') continue;
        if (e instanceof ApiError && e.code === 'InvalidResourceId.NotFound') {
          const found = await existing(call, kind, chunk.map((c) => c.ecsId));
          const missing = chunk.find((c) => !found.has(c.ecsId));
          throw kind.notFound(missing?.ec2Id ?? chunk[0]!.ec2Id);
        }
        throw e;
      }
    }
  }
}

/** A DryRun UntagResources checks that every id exists and writes nothing (DryRunOperation when all do). */
const probe = (call: Ec2Call, kind: TagKind, ids: string[]) =>
  call.ecs('UntagResources', { RegionId: call.region, ResourceType: kind.ecs, ResourceId: ids, All: true, DryRun: true });

/** Which of the ids exist (one probe per id). */
async function existing(call: Ec2Call, kind: TagKind, ids: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (const id of ids) {
    try {
      await probe(call, kind, [id]);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'DryRunOperation') found.add(id);
    }
  }
  return found;
}

const mapTagError = (e: ApiError): ApiError | undefined => {
  if (e.code === 'QuotaExceed.Tags' || e.code === 'InvalidTagCount') {
    return new ApiError('TagLimitExceeded', 400, 'The maximum number of Tags for a resource has been reached.');
  }
  if (e.code.startsWith('InvalidTagKey') || e.code.startsWith('InvalidTagValue') || e.code === 'InvalidParameter.TagValue') {
    return Ec2Errors.invalidParameterValue(e.message);
  }
  return undefined;
};

export const createTags = defineEc2Action<{ Resources?: string[]; Tags?: Tag[]; DryRun?: boolean }>({
  name: 'CreateTags',
  uses: ['TagResources', 'UntagResources', 'DescribeKeyPairs'],
  // Every resource kind and every batch of 50 in one unit: all the resources get the tags, or none.
  oneUnit: true,
  handle: async (input, call) => {
    if (!input.Resources?.length) throw Ec2Errors.missingParameter('ResourceId');
    if (!input.Tags?.length) throw Ec2Errors.missingParameter('Tag');
    if (input.Tags.some((t) => !t.Key)) throw Ec2Errors.invalidParameterValue('Tag key must not be empty');
    const groups = await groupIds(call, input.Resources);
    await requireExisting(call, groups);
    const tags = input.Tags.map((t) => ({ Key: t.Key!, Value: t.Value ?? '' }));
    for (const [kind, list] of groups) {
      for (let i = 0; i < list.length; i += 50) {
        await call.ecs('TagResources', {
          RegionId: call.region,
          ResourceType: kind.ecs,
          ResourceId: list.slice(i, i + 50).map((c) => c.ecsId),
          Tag: tags,
          DryRun: input.DryRun,
        });
      }
    }
    return { Return: true };
  },
  mapError: mapTagError,
});

export const deleteTags = defineEc2Action<{ Resources?: string[]; Tags?: Tag[]; DryRun?: boolean }>({
  name: 'DeleteTags',
  uses: ['UntagResources', 'ListTagResources', 'DescribeKeyPairs'],
  // Every resource kind and every batch of 50 in one unit: all the tags go, or none.
  oneUnit: true,
  handle: async (input, call) => {
    if (!input.Resources?.length) throw Ec2Errors.missingParameter('ResourceId');
    const groups = await groupIds(call, input.Resources);
    await requireExisting(call, groups);
    const given = input.Tags ?? [];
    for (const [kind, list] of groups) {
      for (let i = 0; i < list.length; i += 50) {
        const chunk = list.slice(i, i + 50);
        // Without Tag.N every tag goes; a tag with a value goes only if its value matches; a key alone, whatever its value.
        if (given.length === 0) {
          await call.ecs('UntagResources', { RegionId: call.region, ResourceType: kind.ecs, ResourceId: chunk.map((c) => c.ecsId), All: true, DryRun: input.DryRun });
          continue;
        }
        const out = await call.ecs('ListTagResources', { RegionId: call.region, ResourceType: kind.ecs, ResourceId: chunk.map((c) => c.ecsId) });
        const rows = out.TagResources.TagResource as { ResourceId: string; TagKey: string; TagValue: string }[];
        for (const c of chunk) {
          const keys = rows
            .filter((r) => r.ResourceId === c.ecsId)
            .filter((r) => given.some((t) => t.Key === r.TagKey && (t.Value === undefined || t.Value === r.TagValue)))
            .map((r) => r.TagKey);
          if (keys.length === 0 && !input.DryRun) continue;
          await call.ecs('UntagResources', {
            RegionId: call.region,
            ResourceType: kind.ecs,
            ResourceId: [c.ecsId],
            TagKey: keys.length ? keys : given.map((t) => t.Key ?? ''),
            DryRun: input.DryRun,
          });
        }
      }
    }
    return { Return: true };
  },
  mapError: mapTagError,
});

interface TagDescription {
  Key: string;
  Value: string;
  ResourceId: string;
  ResourceType: string;
}

export const describeTags = defineEc2Action<{ Filters?: Filter[]; MaxResults?: number; NextToken?: string; DryRun?: boolean }>({
  name: 'DescribeTags',
  uses: ['ListTagResources', 'DescribeKeyPairs'],
  handle: async (input, call) => {
    const typeFilter = (input.Filters ?? []).find((f) => f.Name === 'resource-type')?.Values;
    const kinds = typeFilter?.length ? KINDS.filter((k) => typeFilter.includes(k.ec2)) : KINDS;
    let rows: TagDescription[] = [];
    let ids: Map<string, string> | undefined;
    for (const kind of kinds) {
      const listed = await call.ecsAll(
        'ListTagResources',
        { RegionId: call.region, ResourceType: kind.ecs, TagFilter: [{ TagKey: '*' }] },
        (out) => out.TagResources.TagResource,
      );
      if (kind.ecs === 'keypair' && listed.length) {
        const byId = await keyNames(call);
        ids = new Map([...byId].map(([id, name]) => [name, id]));
      }
      rows.push(
        ...listed.map((r: any) => ({
          Key: r.TagKey,
          Value: r.TagValue ?? '',
          ResourceId: kind.ecs === 'keypair' ? (ids?.get(r.ResourceId) ?? r.ResourceId) : r.ResourceId,
          ResourceType: kind.ec2,
        })),
      );
    }
    rows = applyFilters(rows, input.Filters, {
      key: (t) => t.Key,
      value: (t) => t.Value,
      'resource-id': (t) => t.ResourceId,
      'resource-type': (t) => t.ResourceType,
    });
    // DescribeTags lists by resource then key; a page token names the last (resource, key).
    rows.sort((a, b) => (a.ResourceId === b.ResourceId ? (a.Key < b.Key ? -1 : 1) : a.ResourceId < b.ResourceId ? -1 : 1));
    const { page, nextToken } = pageOf(rows, (t) => `${t.ResourceId}\u0000${t.Key}`, 'DescribeTags', input.MaxResults, input.NextToken, { min: 5, max: 1000 });
    return { Tags: page, ...(nextToken ? { NextToken: nextToken } : {}) };
  },
});
