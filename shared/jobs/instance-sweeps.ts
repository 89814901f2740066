import { releaseInstances } from '../store/release-service';
import { settle } from '../domain/instance';
import { lifecycle } from '../platform/config';
import { Keys } from '../store/keys';
import { dueInstanceTarget, instanceItem, instanceRecordOf, loadInstance, syncTimers, TIMER, type DueInstanceEntry, type TimerKind } from '../store/instances';
import { WriteConflict, type StateStore, type Stored } from '../store/state-store';
import type { JobReport, ScheduledJob } from './job';
import { runPool } from '../platform/pool';
import { crashPoint } from '../platform/crash-points';

/**
 * The instance sweeps. Each finds its due timers through the byDue index (no
 * Scan), then settles each instance exactly as a reader would see it at `now`
 * (shared/domain/instance.ts `settle`) and persists that: transitions applied,
 * subscription phases moved, auto-renewals made, or the instance released when
 * its release is due. One transaction per instance, conditional on the version
 * read, so a run stopped half-way is finished by the next with no double
 * effect, and a user's concurrent change simply wins (the timer is re-read next run).
 */
const CONCURRENCY = 8;
const PAGE = 100;

async function sweep(kind: TimerKind, name: string, store: StateStore, now: Date): Promise<JobReport> {
  const report: JobReport = { Name: name, Processed: 0, Details: [] };
  const nowIso = now.toISOString();
  // Re-query from the start after each batch: processed timers moved or vanished, so the
  // next batch is whatever is still due. A timer that keeps failing is skipped via `seen`.
  const seen = new Set<string>();
  for (;;) {
    const page = await store.queryDue<DueInstanceEntry>(kind, nowIso, PAGE);
    const todo = page.items.filter((t) => !seen.has(t.dueAt));
    if (todo.length === 0) break;
    todo.forEach((t) => seen.add(t.dueAt));
    await runPool(todo, CONCURRENCY, async (timer) => {
      const line = await settleOne(store, timer, now);
      if (line) {
        report.Processed++;
        if (report.Details.length < 200) report.Details.push(line);
      }
    });
  }
  return report;
}

async function settleOne(store: StateStore, timer: Stored<DueInstanceEntry>, now: Date): Promise<string | undefined> {
  // The entry may be the instance item itself (its transition); read it again, consistently (the index is eventually consistent).
  const { accountId, regionId, instanceId } = dueInstanceTarget(timer);
  const stored = await loadInstance(store, accountId, regionId, instanceId);
  const tx = store.unitOfWork(now);
  if (!stored) {
    tx.removeIfPresent(Keys.timer(timer.dueKind, instanceId));
    await tx.commit();
    return undefined;
  }
  const result = settle(instanceRecordOf(stored), now, lifecycle);
  let line: string | undefined;
  if (result.releaseDue) {
    // The one release service (shared/store/release-service.ts), as DeleteInstance uses it.
    await releaseInstances(store, tx, [{ stored, reason: result.releaseDue.reason, at: new Date(result.releaseDue.at) }]);
    line = `released ${instanceId} (${result.releaseDue.reason})`;
  } else {
    tx.replace(stored, instanceItem(result.instance, lifecycle));
    syncTimers(tx, undefined, result.instance, lifecycle);
    const change = result.changes.map((c) => `${c.from}->${c.to}`).join(', ');
    const phase = result.instance.subscriptionPhase !== stored.subscriptionPhase ? ` subscription ${result.instance.subscriptionPhase}` : '';
    const renewed = result.instance.expiredTime !== stored.expiredTime ? ` renewed to ${result.instance.expiredTime}` : '';
    line = change || phase || renewed ? `${instanceId}: ${[change, phase.trim(), renewed.trim()].filter(Boolean).join('; ')}` : undefined;
  }
  try {
    await tx.commit();
    crashPoint('sweep.instance');
    return line;
  } catch (e) {
    if (e instanceof WriteConflict) return undefined; // changed meanwhile; the next run sees the fresh timer
    throw e;
  }
}

export const instanceTransitionsJob: ScheduledJob = {
  name: 'instanceTransitions',
  rate: 'rate(1 minute)',
  run: (store, now) => sweep(TIMER.transition, 'instanceTransitions', store, now),
};

export const autoReleaseJob: ScheduledJob = {
  name: 'autoRelease',
  rate: 'rate(1 minute)',
  run: (store, now) => sweep(TIMER.autoRelease, 'autoRelease', store, now),
};

export const subscriptionExpiryJob: ScheduledJob = {
  name: 'subscriptionExpiry',
  rate: 'rate(1 minute)',
  run: (store, now) => sweep(TIMER.subscription, 'subscriptionExpiry', store, now),
};
