import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isCharging, type LedgerEntry } from '../../../shared/domain/ledger';
import { BATCH_DUE_KIND } from '../../../shared/store/batch-journal';
import { Keys } from '../../../shared/store/keys';
import { RELEASE_EFFECTS_KIND } from '../../../shared/store/release-outbox';
import { STATE_INDEX_BY_DUE } from '../../../shared/store/table-definitions';
import type { Receiver } from '../../support/receiver';
import { progress, type CrashStack } from './crash-stack';

/**
 * The invariants the crash suite asserts after every restart (docs/atomicity.md),
 * read straight from DynamoDB Local. Each returns the violations it finds, as lines.
 */
export const REGION = 'cn-hangzhou';

type Item = Record<string, any>;

async function queryAll(doc: DynamoDBDocumentClient, table: string, pk: string): Promise<Item[]> {
  const items: Item[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await doc.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ExclusiveStartKey: start,
        ConsistentRead: true,
      }),
    );
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

async function dueItems(doc: DynamoDBDocumentClient, table: string, kind: string): Promise<Item[]> {
  const out = await doc.send(
    new QueryCommand({ TableName: table, IndexName: STATE_INDEX_BY_DUE, KeyConditionExpression: 'dueKind = :k', ExpressionAttributeValues: { ':k': kind } }),
  );
  return out.Items ?? [];
}

async function counter(doc: DynamoDBDocumentClient, table: string, accountId: string, name: string): Promise<number> {
  const out = await doc.send(new GetCommand({ TableName: table, Key: Keys.accountUsage(accountId, name), ConsistentRead: true }));
  return Number(out.Item?.count ?? 0);
}

export interface AccountState {
  instances: Item[];
  disks: Item[];
  released: Item[];
  snapshots: Item[];
}

export async function accountState(cs: CrashStack, accountId: string): Promise<AccountState> {
  const t = cs.tables.state;
  const part = (type: string) => queryAll(cs.doc, t, Keys.resourcePartition(accountId, REGION, type));
  const [instances, disks, released, snapshots] = await Promise.all([part('instance'), part('disk'), part('released-instance'), part('snapshot')]);
  return { instances, disks, released, snapshots };
}

export interface Expectation {
  /** All or nothing: the instance counts allowed after the crash. */
  instanceCounts?: number[];
  /** Every instance of these ids is gone (a release that was decided) or all are there. */
  releasedTogether?: string[];
  receiver?: Receiver;
  /** The webhook watches Instance.Released (so one delivery per released instance is owed). */
  webhook?: boolean;
  /** At most one automatic snapshot per disk and slot. */
  snapshotSlots?: boolean;
}

/** Every invariant for one account, plus the global ones (no batch journal left). */
export async function violations(cs: CrashStack, accountId: string, expect: Expectation = {}): Promise<string[]> {
  const out: string[] = [];
  const t = cs.tables.state;
  const v = cs.tables.views;
  const s = await accountState(cs, accountId);
  const ids = new Set(s.instances.map((i) => i.instanceId as string));

  // All or nothing.
  if (expect.instanceCounts && !expect.instanceCounts.includes(s.instances.length)) {
    out.push(`all-or-nothing: ${s.instances.length} instances, expected one of ${expect.instanceCounts.join('/')}`);
  }
  if (expect.releasedTogether) {
    const left = expect.releasedTogether.filter((id) => ids.has(id)).length;
    if (left !== 0 && left !== expect.releasedTogether.length)
      out.push(`all-or-nothing: ${left} of ${expect.releasedTogether.length} instances of one release left`);
  }
  for (const i of s.instances) {
    for (const d of [i.systemDiskId, ...(i.dataDiskIds ?? [])].filter(Boolean)) {
      if (!s.disks.some((x) => x.diskId === d)) out.push(`instance ${i.instanceId} lacks its disk ${d}`);
    }
  }

  // Quota usage equals what exists.
  const postPaid = s.instances.filter((i) => i.chargeType === 'PostPaid').length;
  const checks: [string, number][] = [
    ['PostPaidInstances', postPaid],
    [`Instances#${REGION}`, s.instances.length],
    ['CloudDisks', s.disks.length],
    [`PostPaidDisks#${REGION}`, s.disks.filter((d) => d.portable).length],
  ];
  for (const [name, live] of checks) {
    const used = await counter(cs.doc, t, accountId, name);
    if (used !== live) out.push(`quota ${name}: usage ${used}, live ${live}`);
  }

  // No disk attached to a missing instance.
  for (const d of s.disks) {
    if (d.instanceId && !ids.has(d.instanceId)) out.push(`disk ${d.diskId} (${d.status}) attached to missing instance ${d.instanceId}`);
  }

  // Each release: gone, its effects applied once (event, closed ledger entries, one webhook delivery id).
  const events = await queryAll(cs.doc, v, `EVENTS#${accountId}`);
  const eventIds = new Set<string>();
  const once = new Map<string, number>();
  for (const e of events) {
    if (eventIds.has(e.EventId)) out.push(`duplicate event id ${e.EventId}`);
    eventIds.add(e.EventId);
    if (/\.(Created|Released)$/.test(e.EventName) || e.EventName === 'Instance.Released') {
      const k = `${e.EventName} ${e.ResourceId}`;
      once.set(k, (once.get(k) ?? 0) + 1);
    }
  }
  for (const [k, n] of once) if (n > 1) out.push(`duplicate event: ${k} ×${n}`);
  const ledger = new Map((await queryAll(cs.doc, v, `LEDGER#${accountId}`)).map((l) => [l.sk as string, l as unknown as LedgerEntry]));
  for (const r of s.released) {
    const id = r.instanceId as string;
    if (ids.has(id)) out.push(`released instance ${id} still exists`);
    if (r.dueKind === RELEASE_EFFECTS_KIND) out.push(`release of ${id}: effects not applied yet`);
    const n = once.get(`Instance.Released ${id}`) ?? 0;
    if (n !== 1) out.push(`release of ${id}: ${n} Instance.Released events`);
    for (const res of [id, ...((r.releasedDiskIds as string[]) ?? [])]) {
      const entry = ledger.get(`${REGION}#${res}`);
      if (!entry) out.push(`release of ${id}: no ledger entry for ${res}`);
      else if (isCharging(entry)) out.push(`release of ${id}: ledger entry of ${res} still charging`);
    }
    if (expect.webhook && expect.receiver) {
      const got = new Set(expect.receiver.deliveries.filter((d) => d.body.EventName === 'Instance.Released' && d.body.ResourceId === id).map((d) => d.eventId));
      if (got.size !== 1) out.push(`release of ${id}: ${got.size} webhook delivery ids`);
    }
  }

  // At most one automatic snapshot per disk and slot; a disk's snapshot list matches what exists.
  if (expect.snapshotSlots) {
    const perSlot = new Map<string, number>();
    for (const sn of s.snapshots.filter((x) => x.type === 'auto')) {
      const k = `${sn.sourceDiskId} ${sn.creationTime}`;
      perSlot.set(k, (perSlot.get(k) ?? 0) + 1);
    }
    for (const [k, n] of perSlot) if (n > 1) out.push(`automatic snapshot ${k} ×${n}`);
    const snapIds = new Set(s.snapshots.map((x) => x.snapshotId as string));
    for (const d of s.disks) {
      for (const e of (d.snapshots ?? []) as { snapshotId: string }[])
        if (!snapIds.has(e.snapshotId)) out.push(`disk ${d.diskId} lists missing snapshot ${e.snapshotId}`);
    }
    for (const sn of s.snapshots) {
      const d = s.disks.find((x) => x.diskId === sn.sourceDiskId);
      if (d && !((d.snapshots ?? []) as { snapshotId: string }[]).some((e) => e.snapshotId === sn.snapshotId))
        out.push(`snapshot ${sn.snapshotId} missing from its disk's list`);
    }
  }

  // No unit of work left half-applied.
  const journals = await dueItems(cs.doc, t, BATCH_DUE_KIND);
  if (journals.length > 0) out.push(`${journals.length} batch journal(s) left after start-up recovery`);
  return out;
}

/**
 * After a restart: run the jobs (as a user would) until every invariant holds or the time is up
 * (bounded polling; the stream works off its backlog meanwhile). Returns what still fails.
 */
export async function settleAndCheck(cs: CrashStack, accountId: string, expect: Expectation, timeoutMs = 180_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  progress('settling');
  // Past the transitions and the 60 s after which a queued, unsent webhook delivery is retried.
  await cs.call('AdvanceSandboxClock', { Seconds: 120 });
  for (let round = 1; ; round++) {
    let jobsFailed = '';
    try {
      await cs.call('RunScheduledJobs');
    } catch (e) {
      // A run that meets the due-time ticker's run of the same jobs too often answers 500: the
      // next round runs them again; it counts only if the invariants still fail at the deadline.
      jobsFailed = `RunScheduledJobs failed: ${String(e).slice(0, 200)}`;
    }
    const found = await violations(cs, accountId, expect);
    if (jobsFailed) found.push(jobsFailed);
    progress(`settle round ${round}: ${found.length} open (${found.slice(0, 2).join('; ')})`);
    if (found.length === 0 || Date.now() > deadline) return found;
    await new Promise((r) => setTimeout(r, 1500));
  }
}

export async function ledgerOf(doc: DynamoDBDocumentClient, viewsTable: string, accountId: string, resourceId: string): Promise<Item | undefined> {
  const out = await doc.send(new GetCommand({ TableName: viewsTable, Key: { pk: `LEDGER#${accountId}`, sk: `${REGION}#${resourceId}` } }));
  return out.Item;
}
