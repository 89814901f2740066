import { isBuilding, settleImage } from '../domain/image';
import { settleTask } from '../domain/task';
import { IMAGE_TIMER, loadOwnImage, saveImage, type ImageTimerItem, type ImageTimerKind } from '../store/images';
import { stripKeys } from '../store/instances';
import { Keys } from '../store/keys';
import { WriteConflict, type StateStore, type Stored } from '../store/state-store';
import { loadTask, saveTask } from '../store/tasks';
import type { JobReport, ScheduledJob } from './job';

/**
 * imageLifecycle: persists what readers already see at the sandbox clock's now (settle on read,
 * shared/domain/image/lifecycle.ts `settleImage`, shared/domain/task.ts `settleTask`): images whose build is
 * over (CreateImage, CopyImage, ImportImage) become Available or CreateFailed, import and export
 * tasks become Finished or Failed. Due work is found through the byDue index (timers of kinds
 * imageBuild and imageTask), never by scanning; each item is written in its own conditional
 * transaction, so a run stopped half-way is finished by the next with no double effect, and a
 * concurrent user change simply wins (the timer stays and is seen again next run).
 */
const CONCURRENCY = 4;
const PAGE = 100;

async function sweep(kind: ImageTimerKind, store: StateStore, now: Date, report: JobReport): Promise<void> {
  const seen = new Set<string>();
  for (;;) {
    const page = await store.queryDue<ImageTimerItem>(kind, now.toISOString(), PAGE);
    const todo = page.items.filter((t) => !seen.has(t.dueAt));
    if (todo.length === 0) return;
    todo.forEach((t) => seen.add(t.dueAt));
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(CONCURRENCY, todo.length) }, async () => {
        while (next < todo.length) {
          const timer = todo[next++]!;
          const line = kind === IMAGE_TIMER.build ? await finishBuild(store, timer, now) : await finishTask(store, timer, now);
          if (line) {
            report.Processed++;
            if (report.Details.length < 200) report.Details.push(line);
          }
        }
      }),
    );
  }
}

async function commit(tx: ReturnType<StateStore['unitOfWork']>): Promise<boolean> {
  try {
    await tx.commit();
    return true;
  } catch (e) {
    if (e instanceof WriteConflict) return false;
    throw e;
  }
}

async function finishBuild(store: StateStore, timer: Stored<ImageTimerItem>, now: Date): Promise<string | undefined> {
  const { accountId, regionId, id } = timer.target;
  const tx = store.unitOfWork(now);
  const stored = await loadOwnImage(store, accountId, regionId, id);
  if (!stored) {
    tx.removeIfPresent(Keys.timer(IMAGE_TIMER.build, id));
    await commit(tx);
    return undefined;
  }
  const settled = settleImage(stripKeys(stored), now);
  if (isBuilding(settled)) return undefined;
  // saveImage drops the timer once the build is over.
  saveImage(tx, stored, settled);
  return (await commit(tx)) ? `${id}: ${settled.status}` : undefined;
}

async function finishTask(store: StateStore, timer: Stored<ImageTimerItem>, now: Date): Promise<string | undefined> {
  const { accountId, regionId, id } = timer.target;
  const tx = store.unitOfWork(now);
  const stored = await loadTask(store, accountId, regionId, id);
  if (!stored) {
    tx.removeIfPresent(Keys.timer(IMAGE_TIMER.task, id));
    await commit(tx);
    return undefined;
  }
  const settled = settleTask(stripKeys(stored), now);
  if (settled.status === 'Processing') return undefined;
  saveTask(tx, stored, settled);
  return (await commit(tx)) ? `${id} (${settled.taskAction}): ${settled.status}` : undefined;
}

export const imageLifecycleJob: ScheduledJob = {
  name: 'imageLifecycle',
  rate: 'rate(1 minute)',
  run: async (store, now) => {
    const report: JobReport = { Name: 'imageLifecycle', Processed: 0, Details: [] };
    await sweep(IMAGE_TIMER.build, store, now, report);
    await sweep(IMAGE_TIMER.task, store, now, report);
    return report;
  },
};
