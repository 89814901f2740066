import { describeKeyPairs } from '../../../actions/key-pairs/describe';
import { missingResources, taggedResources, tagResources, untagResources, type TagRemoval } from '../../../actions/tags/operations';
import { ApiError } from '../../../domain/errors';
import { isTagError } from '../../../domain/tag-errors';
import { defineEc2Action, Ec2Errors, type Ec2Call } from '../adapter';
import { applyFilters, pageOf, type Filter, type Tag } from '../views';

/**
 * CreateTags, DeleteTags and DescribeTags of the EC2 dialect over the tag operations
 * (shared/actions/tags/operations.ts). An EC2 call names resources of any type
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
  {
    ecs: 'instance',
    ec2: 'instance',
    prefixes: ['i'],
    notFound: (id) => new ApiError('InvalidInstanceID.NotFound', 400, `The instance ID '${id}' does not exist`),
  },
  { ecs: 'disk', ec2: 'volume', prefixes: ['vol', 'd'], notFound: (id) => new ApiError('InvalidVolume.NotFound', 400, `The volume '${id}' does not exist.`) },
  {
    ecs: 'snapshot',
    ec2: 'snapshot',
    prefixes: ['snap', 's'],
    notFound: (id) => new ApiError('InvalidSnapshot.NotFound', 400, `The snapshot '${id}' does not exist.`),
  },
  { ecs: 'image', ec2: 'image', prefixes: ['ami', 'm'], notFound: (id) => new ApiError('InvalidAMIID.NotFound', 400, `The image id '[${id}]' does not exist`) },
  {
    ecs: 'securitygroup',
    ec2: 'security-group',
    prefixes: ['sg'],
    notFound: (id) => new ApiError('InvalidGroup.NotFound', 400, `The security group '${id}' does not exist`),
  },
  { ecs: 'keypair', ec2: 'key-pair', prefixes: ['key'], notFound: (id) => new ApiError('InvalidKeyPair.NotFound', 400, `The key pair '${id}' does not exist`) },
  { ecs: 'vpc', ec2: 'vpc', prefixes: ['vpc'], notFound: (id) => new ApiError('InvalidVpcID.NotFound', 400, `The vpc ID '${id}' does not exist`) },
  {
    ecs: 'vswitch',
    ec2: 'subnet',
    prefixes: ['subnet', 'vsw'],
    notFound: (id) => new ApiError('InvalidSubnetID.NotFound', 400, `The subnet ID '${id}' does not exist`),
  },
  {
    ecs: 'routetable',
    ec2: 'route-table',
    prefixes: ['rtb', 'vtb'],
    notFound: (id) => new ApiError('InvalidRouteTableID.NotFound', 400, `The routeTable ID '${id}' does not exist`),
  },
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
  const keyPairs = await call.perform(describeKeyPairs, { regionId: call.region });
  return new Map(keyPairs.map((k) => [k.keyPairId, k.keyPairName]));
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

/** The named resources, in batches of 50 (the ECS limit per call). */
function* batches(groups: Map<TagKind, { ecsId: string; ec2Id: string }[]>): Generator<{ kind: TagKind; chunk: { ecsId: string; ec2Id: string }[] }> {
  for (const [kind, list] of groups) for (let i = 0; i < list.length; i += 50) yield { kind, chunk: list.slice(i, i + 50) };
}

/** Every named resource exists, checked before anything is written: the first missing one is named. */
async function requireExisting(call: Ec2Call, groups: Map<TagKind, { ecsId: string; ec2Id: string }[]>): Promise<void> {
  for (const { kind, chunk } of batches(groups)) {
    const missing = await call.perform(missingResources, { regionId: call.region, resourceType: kind.ecs, ids: chunk.map((c) => c.ecsId) });
    const first = chunk.find((c) => missing.includes(c.ecsId));
    if (first) throw kind.notFound(first.ec2Id);
  }
}

/** The tag rules' refusals in EC2's words (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateTags.html). */
const ec2TagError = (e: unknown): unknown => {
  if (!isTagError(e)) return e;
  switch (e.reason) {
    case 'tooManyInCall':
    case 'tooManyOnResource':
      return new ApiError('TagLimitExceeded', 400, 'The maximum number of Tags for a resource has been reached.');
    case 'keyMalformed':
    case 'valueMalformed':
      return Ec2Errors.invalidParameterValue(e.message);
    default:
      return e;
  }
};

/** Runs the tag writes of one call, its refusals in EC2's words. */
async function writeTags(body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (e) {
    throw ec2TagError(e);
  }
}

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
    const tags = input.Tags.map((t) => ({ key: t.Key!, value: t.Value ?? '' }));
    await writeTags(async () => {
      for (const { kind, chunk } of batches(groups)) {
        const resourceIds = chunk.map((c) => c.ecsId);
        await call.perform(tagResources, { regionId: call.region, resourceType: kind.ecs, resourceIds, tags }, { dryRun: input.DryRun });
      }
    });
    return { Return: true };
  },
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
    // Without Tag.N every tag goes; a tag with a value goes only if its value matches; a key alone, whatever its value.
    const given = input.Tags ?? [];
    const remove: TagRemoval = given.length === 0 ? { all: true } : { matching: given.map((t) => ({ key: t.Key ?? '', value: t.Value })) };
    await writeTags(async () => {
      for (const { kind, chunk } of batches(groups)) {
        const resourceIds = chunk.map((c) => c.ecsId);
        await call.perform(untagResources, { regionId: call.region, resourceType: kind.ecs, resourceIds, remove }, { dryRun: input.DryRun });
      }
    });
    return { Return: true };
  },
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
      const listed = await call.perform(taggedResources, { regionId: call.region, resourceType: kind.ecs });
      if (kind.ecs === 'keypair' && listed.length) {
        const byId = await keyNames(call);
        ids = new Map([...byId].map(([id, name]) => [name, id]));
      }
      rows.push(
        ...listed.flatMap((r) =>
          r.tags.map((t) => ({
            Key: t.key,
            Value: t.value,
            ResourceId: kind.ecs === 'keypair' ? (ids?.get(r.id) ?? r.id) : r.id,
            ResourceType: kind.ec2,
          })),
        ),
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
