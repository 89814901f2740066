import { createHash } from 'node:crypto';

/**
 * Lifecycle and audit events, derived from changes of the state table (one
 * DynamoDB stream record → zero or more events). Pure: the stream handler
 * feeds it unmarshalled images and stores what comes back.
 *
 * Contract for automation authors (README "Events and webhooks"): names are
 * `<ResourceType>.<What>` in PascalCase; API calls are `ApiCall`; every event
 * has a stable id (the same stream record always yields the same ids, so a
 * redelivered batch is recognised) and, for resource changes, the resource's
 * state before and after in Detail.
 */
export interface SandboxEvent {
  EventId: string;
  EventName: string;
  /** Sandbox-clock time of the change. */
  EventTime: string;
  AccountId: string;
  RegionId: string;
  ResourceType: string;
  ResourceId: string;
  Detail: Record<string, unknown>;
  /** Audit fields, set on ApiCall and alert events. */
  ActionName?: string;
  AccessKeyId?: string;
  ErrorCode?: string;
  RequestId?: string;
}

export interface StateChange {
  kind: 'INSERT' | 'MODIFY' | 'REMOVE';
  /** The stream record's sequence number: with the event name it makes the event id. */
  sequence: string;
  oldItem?: Record<string, unknown>;
  newItem?: Record<string, unknown>;
  /** Sandbox time to use when the item carries none (a deletion). */
  fallbackTime: string;
}

/** The audit record of one API call, written by the front doors (shared/store/audit.ts). */
export interface AuditRecord {
  requestId: string;
  eventTime: string;
  accountId: string;
  regionId: string;
  accessKeyId: string;
  action: string;
  /** Request parameters with secrets redacted. */
  parameters: Record<string, unknown>;
  /** '200' or the error code. */
  resultCode: string;
  httpStatus: number;
  sourceIp: string;
  resourceId?: string;
}

/** Resource types by the state table's partition type (shared/store/keys.ts `Keys.resource`). */
const RESOURCE_TYPES: Record<string, string> = {
  instance: 'Instance',
  disk: 'Disk',
  snapshot: 'Snapshot',
  image: 'Image',
  'security-group': 'SecurityGroup',
  'key-pair': 'KeyPair',
  eip: 'Eip',
  'auto-snapshot-policy': 'AutoSnapshotPolicy',
  webhook: 'Webhook',
  task: 'Task',
};

/**
 * Calls that the release-protection seed advises alerting on (the ECS guide on releasing instances (https://www.alibabacloud.com/help/en/ecs/user-guide/release-an-instance)), in
 * both dialects (EC2 calls are audited as `ec2:<Action>`).
 */
const RISKY_ACTIONS = new Set(['DeleteInstance', 'DeleteInstances', 'ec2:TerminateInstances']);

/** ModifyInstanceAttribute turning release protection off: ECS `DeletionProtection=false`, EC2 `disableApiTermination` false. */
function turnsProtectionOff(action: string, params: Record<string, unknown>): boolean {
  if (action === 'ModifyInstanceAttribute') return String(params.DeletionProtection) === 'false';
  if (action !== 'ec2:ModifyInstanceAttribute') return false;
  const flag = params.DisableApiTermination as { Value?: unknown } | undefined;
  if (flag && typeof flag === 'object') return String(flag.Value) === 'false';
  return params.Attribute === 'disableApiTermination' && String(params.Value) === 'false';
}

/** Fields never copied into an event (secrets, internal bookkeeping). */
const HIDDEN_FIELDS = new Set(['pk', 'sk', 'version', 'secret', 'accessKeySecret', 'privateKeyPem', 'dueKind', 'dueAt', 'expiresAt']);

export function eventId(sequence: string, name: string, index: number): string {
  const h = createHash('sha256').update(`${sequence}#${name}#${index}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`.toUpperCase();
}

export function publicView(item: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!item) return undefined;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(item)) if (!HIDDEN_FIELDS.has(k)) out[k] = v;
  return out;
}

/** `RES#<account>#<region>#<type>` → its parts. */
export function parseResourcePartition(pk: string): { accountId: string; regionId: string; type: string } | undefined {
  const m = /^RES#([^#]+)#([^#]+)#(.+)$/.exec(pk);
  return m ? { accountId: m[1]!, regionId: m[2]!, type: m[3]! } : undefined;
}

export function deriveEvents(change: StateChange): SandboxEvent[] {
  const item = change.newItem ?? change.oldItem;
  if (!item) return [];
  const where = parseResourcePartition(String(item.pk ?? ''));
  if (!where) return [];
  const time = String(change.newItem?.changedAt ?? change.fallbackTime);
  const drafts: Omit<SandboxEvent, 'EventId'>[] = [];
  const base = { EventTime: time, AccountId: where.accountId, RegionId: where.regionId };

  if (where.type === 'audit') {
    if (change.kind !== 'INSERT') return [];
    drafts.push(...auditEvents(change.newItem as unknown as AuditRecord));
  } else if (where.type === 'released-instance') {
    if (change.kind !== 'INSERT') return [];
    const r = change.newItem!;
    drafts.push({
      ...base,
      EventTime: String(r.releasedAt),
      EventName: 'Instance.Released',
      ResourceType: 'Instance',
      ResourceId: String(r.instanceId),
      Detail: {
        Reason: r.reason,
        ReleasedDiskIds: r.releasedDiskIds,
        KeptDiskIds: r.keptDiskIds,
        Before: publicView(r.instance as Record<string, unknown>),
        After: null,
      },
    });
  } else {
    const type = RESOURCE_TYPES[where.type];
    if (!type) return [];
    const before = publicView(change.oldItem);
    const after = publicView(change.newItem);
    const resourceId = String(item.sk);
    const ev = (name: string, detail: Record<string, unknown> = {}) =>
      drafts.push({
        ...base,
        EventName: `${type}.${name}`,
        ResourceType: type,
        ResourceId: resourceId,
        Detail: { ...detail, Before: before ?? null, After: after ?? null },
      });
    if (change.kind === 'INSERT') ev('Created');
    else if (change.kind === 'REMOVE') {
      // An instance's removal is reported by its release record (with the reason), not here.
      if (type !== 'Instance') ev('Deleted');
    } else {
      const o = change.oldItem!;
      const n = change.newItem!;
      // Instances and disks move by planned steps: each step is reported at its own (due) time.
      if (type === 'Instance' || type === 'Disk')
        stateSteps(o, n, time, (from, to, at) =>
          drafts.push({
            ...base,
            EventTime: at,
            EventName: `${type}.StateChanged`,
            ResourceType: type,
            ResourceId: resourceId,
            Detail: { PreviousStatus: from, CurrentStatus: to, Before: before ?? null, After: after ?? null },
          }),
        );
      else if (o.status !== n.status && n.status !== undefined) {
        // A snapshot's completion is recorded after the fact: report it at the time the copy ended.
        const at = type === 'Snapshot' && n.status === 'accomplished' && typeof n.completeAt === 'string' ? n.completeAt : time;
        drafts.push({
          ...base,
          EventTime: at,
          EventName: `${type}.StateChanged`,
          ResourceType: type,
          ResourceId: resourceId,
          Detail: { PreviousStatus: o.status ?? null, CurrentStatus: n.status, Before: before ?? null, After: after ?? null },
        });
      }
      if (type === 'Instance') instanceChanges(o, n, ev);
      if (type === 'Image') imageChanges(o, n, ev);
    }
  }
  // Audit and release records have ids of their own (request id, instance and time), so the
  // events they mean keep their ids when RebuildViews derives them again from the state table.
  const source =
    where.type === 'audit'
      ? `audit#${String(change.newItem?.requestId)}`
      : where.type === 'released-instance'
        ? `release#${String(change.newItem?.instanceId)}#${String(change.newItem?.releasedAt)}`
        : change.sequence;
  return drafts.map((d, i) => ({ ...d, EventId: eventId(source, d.EventName, i) }));
}

/**
 * An instance's state changes between two stored versions: the planned steps
 * that came due in between (Pending → Starting → Running, each at its own
 * time), then a direct change made by a call (Running → Stopping).
 */
function stateSteps(o: Record<string, unknown>, n: Record<string, unknown>, time: string, emit: (from: string, to: string, at: string) => void): void {
  type Step = { status: string; at: string };
  const oldPlan = (o.plan as Step[] | undefined) ?? [];
  const newPlan = (n.plan as Step[] | undefined) ?? [];
  const stillPlanned = new Set(newPlan.map((st) => `${st.status}@${st.at}`));
  let status = String(o.status ?? '');
  for (const step of oldPlan) {
    if (stillPlanned.has(`${step.status}@${step.at}`) || step.at > time) break;
    if (step.status !== status) emit(status, step.status, step.at);
    status = step.status;
  }
  if (n.status !== undefined && n.status !== status) emit(status, String(n.status), time);
}

function instanceChanges(o: Record<string, unknown>, n: Record<string, unknown>, ev: (name: string, detail?: Record<string, unknown>) => void): void {
  if (Boolean(o.deletionProtection) !== Boolean(n.deletionProtection)) ev('DeletionProtectionChanged', { DeletionProtection: Boolean(n.deletionProtection) });
  if (o.autoReleaseTime !== n.autoReleaseTime) ev('AutoReleaseTimeChanged', { AutoReleaseTime: n.autoReleaseTime ?? '' });
  if (o.subscriptionPhase !== n.subscriptionPhase && n.subscriptionPhase) {
    const name = n.subscriptionPhase === 'Expired' ? 'SubscriptionExpired' : n.subscriptionPhase === 'ForcedStop' ? 'ForcedStop' : 'SubscriptionRestored';
    ev(name, { ExpiredTime: n.expiredTime });
  }
  if (o.expiredTime && n.expiredTime && o.expiredTime !== n.expiredTime && o.chargeType === n.chargeType) {
    ev('Renewed', { PreviousExpiredTime: o.expiredTime, ExpiredTime: n.expiredTime, AutoRenew: Boolean(n.autoRenew) });
  }
  if (o.chargeType !== n.chargeType) ev('ChargeTypeChanged', { InstanceChargeType: n.chargeType });
}

function imageChanges(o: Record<string, unknown>, n: Record<string, unknown>, ev: (name: string, detail?: Record<string, unknown>) => void): void {
  if (Boolean(o.disabled) !== Boolean(n.disabled)) ev(n.disabled ? 'Disabled' : 'Enabled');
  const was = new Set((o.sharedWith as string[] | undefined) ?? []);
  const now = new Set((n.sharedWith as string[] | undefined) ?? []);
  const added = [...now].filter((a) => !was.has(a));
  const removed = [...was].filter((a) => !now.has(a));
  if (added.length) ev('Shared', { Accounts: added });
  if (removed.length) ev('Unshared', { Accounts: removed });
}

function auditEvents(a: AuditRecord): Omit<SandboxEvent, 'EventId'>[] {
  const base = {
    EventTime: a.eventTime,
    AccountId: a.accountId,
    RegionId: a.regionId,
    ActionName: a.action,
    AccessKeyId: a.accessKeyId,
    ErrorCode: a.resultCode === '200' ? '' : a.resultCode,
    RequestId: a.requestId,
  };
  const out: Omit<SandboxEvent, 'EventId'>[] = [
    {
      ...base,
      EventName: 'ApiCall',
      ResourceType: 'Api',
      ResourceId: a.resourceId ?? '',
      Detail: { Parameters: a.parameters, HttpStatus: a.httpStatus, SourceIpAddress: a.sourceIp },
    },
  ];
  if (RISKY_ACTIONS.has(a.action) || turnsProtectionOff(a.action, a.parameters)) {
    out.push({
      ...base,
      EventName: 'Alert.RiskyOperation',
      ResourceType: 'Instance',
      ResourceId: a.resourceId ?? '',
      Detail: { Action: a.action, Succeeded: a.resultCode === '200', Parameters: a.parameters, SourceIpAddress: a.sourceIp },
    });
  }
  return out;
}

/** `*` matches any run of characters (CreateWebhook EventName.N patterns). */
export function matchesEventPattern(pattern: string, eventName: string): boolean {
  const re = new RegExp(
    `^${pattern
      .split('*')
      .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  return re.test(eventName);
}
