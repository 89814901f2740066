import { DeleteCommand, ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { parseResourcePartition } from '../domain/events';
import { documentClient } from '../store/client';
import { rateChange, updateLedger } from '../store/ledger';
import type { StateStore } from '../store/state-store';
import { applyChange, LEDGER_TYPES, newProjectionContext } from './apply-change';

/**
 * RebuildViews: derive the views again from the state table alone (the one
 * place this project Scans: an operator's repair, never a request path).
 * The billing ledger is recomputed from scratch: each live resource charges
 * from its creation at its current rate, each release record closes what it
 * released. The event log gets back every event whose facts the state table
 * keeps (API calls and alerts from the audit records, releases from the
 * release records), under their original ids, so nothing is duplicated;
 * step-by-step state changes of the past live only in the stream and are not
 * recreated. Webhooks are not re-sent.
 */
export interface RebuildReport {
  ScannedItems: number;
  LedgerEntries: number;
  EventsRestored: number;
}

export async function rebuildViews(state: StateStore, views: StateStore, now: Date, db: DynamoDBDocumentClient = documentClient()): Promise<RebuildReport> {
  const report: RebuildReport = { ScannedItems: 0, LedgerEntries: 0, EventsRestored: 0 };
  const items = await scanAll(db, state.tableName);
  report.ScannedItems = items.length;
  const accounts = new Set<string>();
  for (const item of items) {
    const where = parseResourcePartition(String(item.pk));
    if (where) accounts.add(where.accountId);
  }
  for (const accountId of accounts) {
    for (const entry of await views.queryAll({ pk: `LEDGER#${accountId}` })) {
      await db.send(new DeleteCommand({ TableName: views.tableName, Key: { pk: entry.pk, sk: entry.sk } }));
    }
  }
  const ctx = { ...newProjectionContext(state, views, now), withoutWebhooks: true };
  // Live resources first, then the release records that close some of them.
  const isRelease = (i: Record<string, unknown>) => String(i.pk).endsWith('#released-instance');
  const ordered = [...items.filter((i) => !isRelease(i)), ...items.filter(isRelease)];
  for (const item of ordered) {
    const where = parseResourcePartition(String(item.pk));
    if (!where) continue;
    if (where.type === 'audit' || where.type === 'released-instance') {
      const restored = await applyChange(ctx, { kind: 'INSERT', sequence: `rebuild#${item.pk}#${item.sk}`, newItem: item, fallbackTime: now.toISOString() });
      report.EventsRestored += restored.length;
      continue;
    }
    const type = LEDGER_TYPES[where.type];
    if (!type) continue;
    const from = String(item.creationTime ?? item.changedAt ?? now.toISOString());
    await updateLedger(views, { accountId: where.accountId, regionId: where.regionId, resourceId: String(item.sk), resourceType: type }, rateChange(type, item, from));
    report.LedgerEntries++;
  }
  return report;
}

async function scanAll(db: DynamoDBDocumentClient, table: string): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db.send(new ScanCommand({ TableName: table, ExclusiveStartKey: startKey }));
    out.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return out;
}
