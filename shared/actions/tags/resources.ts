import { Errors } from '../../domain/errors';
import type { InstanceRecord } from '../../domain/instance';
import type { Tag } from '../../domain/tags';
import { lifecycle } from '../../platform/config';
import { Keys } from '../../store/keys';
import { DISK, INSTANCE, saveInstance, stripKeys, visibleState } from '../../store/instances';
import { IMAGE } from '../../store/images';
import { KEY_PAIR } from '../../store/key-pairs';
import { SECURITY_GROUP } from '../../store/security-groups';
import { SNAPSHOT } from '../../store/snapshots';
import { AUTO_SNAPSHOT_POLICY } from '../../store/auto-snapshot-policies';
import { INTERNET_GATEWAY } from '../../store/gateways';
import { ROUTE_TABLE, VPC, VSWITCH } from '../../store/vpcs';
import type { StateStore, Stored, UnitOfWork } from '../../store/state-store';

/**
 * The ECS resource types TagResources / UntagResources / ListTagResources accept, and how each is
 * stored: its partition type and id field. Every taggable record keeps its own `tags`
 * ({key, value}[]), so tags are regional like their resources (docs/rules/ecs-user-guide.md#tags) and a tag bound to
 * nothing simply does not exist (docs/rules/ecs-user-guide.md#tags). Types the sandbox does not model (ENIs,
 * dedicated hosts, launch templates, …) are valid names with no resources: their ids are not found.
 */
export interface TaggedRecord {
  tags: Tag[];
}

interface TaggableType {
  /** Partition type in the state table; undefined when the sandbox has no such resources. */
  storeType?: string;
  idField?: string;
}

const TYPES: Record<string, TaggableType> = {
  instance: { storeType: INSTANCE, idField: 'instanceId' },
  disk: { storeType: DISK, idField: 'diskId' },
  snapshot: { storeType: SNAPSHOT, idField: 'snapshotId' },
  image: { storeType: IMAGE, idField: 'imageId' },
  securitygroup: { storeType: SECURITY_GROUP, idField: 'securityGroupId' },
  keypair: { storeType: KEY_PAIR, idField: 'keyPairName' },
  volume: {},
  eni: {},
  ddh: {},
  ddhcluster: {},
  launchtemplate: {},
  reservedinstance: {},
  snapshotpolicy: { storeType: AUTO_SNAPSHOT_POLICY, idField: 'autoSnapshotPolicyId' },
  elasticityassurance: {},
  capacityreservation: {},
  command: {},
  invocation: {},
  activation: {},
  managedinstance: {},
  // The network (docs/network.md): the VPC API tags them by type; EC2's CreateTags reaches them here.
  vpc: { storeType: VPC, idField: 'vpcId' },
  vswitch: { storeType: VSWITCH, idField: 'vSwitchId' },
  routetable: { storeType: ROUTE_TABLE, idField: 'routeTableId' },
  internetgateway: { storeType: INTERNET_GATEWAY, idField: 'internetGatewayId' },
};

export const tagApiErrors = {
  missingResourceType: () => Errors.notFound('MissingParameter.ResourceType', 'The parameter - ResourceType should not be null'),
  resourceType: () => Errors.notFound('InvalidResourceType.NotFound', 'The ResourceType provided does not exist in our records.'),
  resourceNotFound: () => Errors.notFound('InvalidResourceId.NotFound', 'The specified ResourceIds are not found in our records.'),
  tooManyResources: () => Errors.invalid('NumberExceed.ResourceIds', "The ResourceIds parameter's number is exceed , Valid : 50"),
  missingTags: () => Errors.notFound('MissingParameter.Tags', 'The parameter - Tags should not be null'),
};

/** Resource ids per call: 1 to 50 (TagResources / UntagResources / ListTagResources docs). */
export const MAX_RESOURCE_IDS = 50;

export interface TaggableResource {
  id: string;
  stored: Stored<TaggedRecord>;
}

export class ResourceKind {
  constructor(
    readonly name: string,
    private readonly def: TaggableType,
  ) {}

  private idOf(item: Record<string, unknown>): string {
    return String(item[this.def.idField!] ?? '');
  }

  /** Hidden from every reader: an instance whose release is due (the sweep has yet to persist it). */
  private visible(item: Stored<TaggedRecord>, now: Date): boolean {
    // A deleted default VPC or vSwitch is a tombstone (shared/store/vpcs.ts).
    if ((item as { deleted?: boolean }).deleted) return false;
    if (this.name !== 'instance') return true;
    return visibleState(stripKeys(item) as unknown as InstanceRecord, now, lifecycle) !== undefined;
  }

  /** The resources with these ids in the account-region, in the order asked; unknown ids are absent. */
  async load(store: StateStore, accountId: string, regionId: string, ids: readonly string[], now: Date): Promise<TaggableResource[]> {
    if (!this.def.storeType || ids.length === 0) return [];
    const found = await store.getMany<TaggedRecord>(ids.map((id) => Keys.resource(accountId, regionId, this.def.storeType!, id)));
    const byId = new Map(found.filter((f) => this.visible(f, now)).map((f) => [this.idOf(f as unknown as Record<string, unknown>), f]));
    return ids.flatMap((id) => (byId.has(id) ? [{ id, stored: byId.get(id)! }] : []));
  }

  /** Every resource of the type in the account-region, in id order (one Query of its partition). */
  async list(store: StateStore, accountId: string, regionId: string, now: Date): Promise<TaggableResource[]> {
    if (!this.def.storeType) return [];
    const all = await store.queryAll<TaggedRecord>({ pk: Keys.resourcePartition(accountId, regionId, this.def.storeType) });
    return all.filter((f) => this.visible(f, now)).map((f) => ({ id: this.idOf(f as unknown as Record<string, unknown>), stored: f }));
  }

  /** Write the resource back with new tags (conditional on the version read). */
  save(tx: UnitOfWork, resource: TaggableResource, tags: Tag[]): void {
    const next = { ...stripKeys(resource.stored), tags };
    if (this.name === 'instance') {
      // Through the instance store so that its sweep timers stay as they are.
      saveInstance(tx, resource.stored as unknown as Stored<InstanceRecord>, next as unknown as InstanceRecord, lifecycle);
    } else {
      tx.replace(resource.stored, next);
    }
  }
}

export function resourceKind(resourceType: string | undefined): ResourceKind {
  if (resourceType === undefined) throw tagApiErrors.missingResourceType();
  const def = Object.hasOwn(TYPES, resourceType) ? TYPES[resourceType] : undefined;
  if (!def) throw tagApiErrors.resourceType();
  return new ResourceKind(resourceType, def);
}

/** The stored tags of a resource (records written before tags existed have none). */
export const tagsOf = (r: TaggableResource): Tag[] => (r.stored.tags ?? []).map((t) => ({ key: t.key, value: t.value ?? '' }));
