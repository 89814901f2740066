import { BATCH_DUE_KIND, BatchKeys, removeJournal, rollForward, type BatchIndex } from './batch-journal';
import { DynamoStateStore } from './dynamo-state-store';
import type { StateStore } from './state-store';
import type { Operation } from './transact-items';

/**
 * Finishes what a crash left of units of work above 100 items
 * (shared/store/batch-journal.ts, docs/atomicity.md): a batch whose MARKER
 * exists was decided and is rolled forward from the chunk the marker names;
 * one without a marker was refused, never decided, or already finished, and
 * its journal is removed (a decision still in flight then fails its INDEX
 * check and is retried as a whole by the action runner). Run at start-up with
 * no age limit (nothing else is running) and by the `unitOfWorkRecovery` job
 * for batches older than any request can live.
 */
export interface RecoveryReport {
  rolledForward: number;
  removed: number;
}

export async function recoverBatches(store: StateStore, minAgeMs: number): Promise<RecoveryReport> {
  const report: RecoveryReport = { rolledForward: 0, removed: 0 };
  // Only DynamoDB splits a unit of work; the in-memory store commits every unit whole and has no journal.
  if (!(store instanceof DynamoStateStore)) return report;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await store.queryDue<BatchIndex>(BATCH_DUE_KIND, '9999-12-31T23:59:59.999Z', 100, startKey);
    startKey = page.lastKey;
    for (const index of page.items) {
      if (Date.now() - index.startedAtMs < minAgeMs) continue;
      await recoverOne(store, index, report);
    }
  } while (startKey);
  return report;
}

async function recoverOne(store: DynamoStateStore, index: BatchIndex, report: RecoveryReport): Promise<void> {
  const items = await store.queryAll<{ sk: string; data?: string; applied?: number }>({ pk: BatchKeys.partition(index.batchId) });
  const marker = items.find((i) => i.sk === 'MARKER');
  if (marker) {
    const parts = items.filter((i) => i.sk.startsWith('JOURNAL#')).sort((a, b) => a.sk.localeCompare(b.sk));
    if (parts.length !== index.parts) throw new Error(`batch ${index.batchId}: journal has ${parts.length} of ${index.parts} parts`);
    const redo = JSON.parse(parts.map((p) => p.data ?? '').join('')) as Operation[][];
    await rollForward(store.db, store.tableName, index.batchId, redo, Number(marker.applied));
    report.rolledForward++;
  } else report.removed++;
  await removeJournal(store.db, store.tableName, index.batchId, index.parts);
}
