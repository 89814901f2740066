import type { TaskRecord } from '../domain/task';
import { IMAGE_TIMER, type ImageTimerItem } from './images';
import { stripKeys } from './instances';
import { Keys } from './keys';
import type { Key, StateStore, Stored, UnitOfWork } from './state-store';

/**
 * Persistence of asynchronous tasks (ImportImage, ExportImage): one item per task in the
 * account-region partition `task`, and a timer (byDue index) while it runs, which the
 * imageLifecycle job persists when it ends.
 */
export const TASK = 'task';

export const taskKey = (t: Pick<TaskRecord, 'accountId' | 'regionId' | 'taskId'>): Key => Keys.resource(t.accountId, t.regionId, TASK, t.taskId);

export function loadTask(store: StateStore, accountId: string, regionId: string, taskId: string): Promise<Stored<TaskRecord> | undefined> {
  if (taskId === '') return Promise.resolve(undefined);
  return store.get<TaskRecord>(Keys.resource(accountId, regionId, TASK, taskId));
}

/** The account's tasks in the region (one Query of the partition). */
export function listTasks(store: StateStore, accountId: string, regionId: string): Promise<Stored<TaskRecord>[]> {
  return store.queryAll<TaskRecord>({ pk: Keys.resourcePartition(accountId, regionId, TASK) });
}

function timerOf(task: TaskRecord): ImageTimerItem | undefined {
  if (task.status !== 'Processing') return undefined;
  return {
    dueKind: IMAGE_TIMER.task,
    dueAt: `${task.completeAt}#${task.taskId}`,
    target: { accountId: task.accountId, regionId: task.regionId, id: task.taskId },
  };
}

export function createTaskItem(tx: UnitOfWork, task: TaskRecord): void {
  tx.create(taskKey(task), task);
  const timer = timerOf(task);
  if (timer) tx.upsert(Keys.timer(IMAGE_TIMER.task, task.taskId), timer);
}

/** Replace a task read at `stored`; its timer goes once it is no longer Processing. */
export function saveTask(tx: UnitOfWork, stored: Stored<TaskRecord>, next: TaskRecord): void {
  tx.replace(stored, stripKeys(next));
  if (next.status !== 'Processing') tx.removeIfPresent(Keys.timer(IMAGE_TIMER.task, next.taskId));
}
