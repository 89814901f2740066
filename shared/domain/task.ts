import { ApiError } from './errors';

/**
 * Asynchronous tasks (docs/rules/ecs-user-guide.md; https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describetasks, DescribeTasks,
 * DescribeTaskAttribute, CancelTask): ImportImage and ExportImage run as tasks with a TaskId, a
 * TaskStatus (Processing, then Finished or Failed) and a progress (`TaskProcess`), and can be
 * cancelled while they run. A task is a window on the sandbox clock: `settleTask` derives its
 * status at read time exactly as the imageLifecycle job persists it. Pure.
 */
export const TASK_ACTIONS = ['ImportImage', 'ExportImage'] as const;
export type TaskAction = (typeof TASK_ACTIONS)[number];
/** The only statuses DescribeTasks can filter on and returns (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describetasks). */
export const TASK_STATUSES = ['Processing', 'Finished', 'Failed'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** DescribeTasks `TaskAction` values the API knows; the sandbox runs the image ones. */
export const KNOWN_TASK_ACTIONS = ['ImportImage', 'ExportImage', 'RedeployInstance', 'ModifyDiskSpec', 'ArchiveSnapshot'] as const;

export interface TaskRecord {
  taskId: string;
  accountId: string;
  regionId: string;
  taskAction: TaskAction;
  /** The image the task builds (import) or reads (export). */
  resourceId: string;
  creationTime: string;
  /** The task runs from startAt to completeAt on the sandbox clock. */
  startAt: string;
  completeAt: string;
  /** What happens at completeAt. */
  outcome: 'Finished' | 'Failed';
  failure?: { code: string; message: string };
  /** Stored status: Processing until the job (or a cancel) persists the end. */
  status: TaskStatus;
  finishedTime?: string;
  /** Set by CancelTask: the task ended Failed at that time. */
  cancelledAt?: string;
  /** DescribeTaskAttribute OperationProgress RelatedItem pairs (OSSBucket, OSSObject, ImageFormat, ...). */
  relatedItems: { name: string; value: string }[];
}

export const TaskErrors = {
  notFound: () => new ApiError('InvalidTaskId.NotFound', 400, 'The specified "TaskId" is not found.'),
  incorrectStatus: () =>
    new ApiError('InvalidTaskId.IncorrectTaskStatus', 403, 'The specified task status is not invalid. Only a Processing task can be cancelled.'),
  actionNotSupported: () => new ApiError('InvalidTaskId.TaskActionNotSupport', 403, 'The specified task action not support.'),
};

/** The error a cancelled task reports (DescribeTaskAttribute OperationProgress). */
export const CANCELLED = { code: 'TaskCancelled', message: 'The task was cancelled with CancelTask.' };

/** The task as it is at `now`. Never mutates. */
export function settleTask(task: TaskRecord, now: Date): TaskRecord {
  if (task.status !== 'Processing' || Date.parse(task.completeAt) > now.getTime()) return task;
  return { ...task, status: task.outcome, finishedTime: task.completeAt };
}

/** Progress 0–100 at `now`: the share of the window that has passed; 100 once finished. */
export function taskProgress(task: TaskRecord, now: Date): number {
  const settled = settleTask(task, now);
  if (settled.status === 'Finished') return 100;
  const start = Date.parse(task.startAt);
  const end = Date.parse(task.completeAt);
  const at = settled.status === 'Failed' ? Date.parse(settled.finishedTime ?? task.completeAt) : now.getTime();
  if (at <= start) return 0;
  return Math.min(99, Math.floor(((Math.min(at, end) - start) / (end - start)) * 100));
}

/** CancelTask: only a Processing ImportImage or ExportImage task; it ends Failed now. */
export function cancelTask(task: TaskRecord, now: Date): TaskRecord {
  const settled = settleTask(task, now);
  if (!(TASK_ACTIONS as readonly string[]).includes(settled.taskAction)) throw TaskErrors.actionNotSupported();
  if (settled.status !== 'Processing') throw TaskErrors.incorrectStatus();
  const at = now.toISOString();
  return { ...settled, status: 'Failed', cancelledAt: at, finishedTime: at, failure: CANCELLED };
}

/** `yyyy-MM-ddTHH:mmZ`, the task time format (DescribeTaskAttribute example). */
const minutes = (iso: string | undefined) => (iso ? `${iso.slice(0, 16)}Z` : '');

const supportCancel = (t: TaskRecord) => (t.status === 'Processing' ? 'true' : 'false');

/** One `TaskSet.Task[]` item of DescribeTasks (no progress field there, https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describetasks). */
export function renderTask(task: TaskRecord): Record<string, unknown> {
  return {
    TaskId: task.taskId,
    TaskAction: task.taskAction,
    TaskStatus: task.status,
    SupportCancel: supportCancel(task),
    CreationTime: minutes(task.creationTime),
    FinishedTime: minutes(task.finishedTime),
    ResourceId: task.resourceId,
  };
}

/** DescribeTaskAttribute's body for a settled task. */
export function renderTaskAttribute(task: TaskRecord, now: Date): Record<string, unknown> {
  const failed = task.status === 'Failed';
  return {
    TaskId: task.taskId,
    RegionId: task.regionId,
    TaskAction: task.taskAction,
    TaskStatus: task.status,
    TaskProcess: `${taskProgress(task, now)}%`,
    SupportCancel: supportCancel(task),
    CreationTime: minutes(task.creationTime),
    FinishedTime: minutes(task.finishedTime),
    TotalCount: 1,
    SuccessCount: task.status === 'Finished' ? 1 : 0,
    FailedCount: failed ? 1 : 0,
    OperationProgressSet: {
      OperationProgress: [
        {
          OperationStatus: task.status === 'Finished' ? 'Success' : failed ? 'Failed' : 'Processing',
          ErrorCode: failed ? (task.failure?.code ?? '') : '',
          ErrorMsg: failed ? (task.failure?.message ?? '') : '',
          RelatedItemSet: { RelatedItem: task.relatedItems.map((r) => ({ Name: r.name, Value: r.value })) },
        },
      ],
    },
  };
}

/** DescribeTasks filters (already parsed). Unknown TaskStatus values are ignored, as documented. */
export interface TaskFilter {
  taskIds?: string[];
  taskAction?: string;
  taskStatus?: string;
  resourceIds?: string[];
  startTime?: number;
  endTime?: number;
}

export function filterTasks(tasks: readonly TaskRecord[], f: TaskFilter): TaskRecord[] {
  const status = (TASK_STATUSES as readonly string[]).includes(f.taskStatus ?? '') ? f.taskStatus : undefined;
  const ids = f.taskIds && f.taskIds.length > 0 ? new Set(f.taskIds) : undefined;
  const resources = f.resourceIds && f.resourceIds.length > 0 ? new Set(f.resourceIds) : undefined;
  return tasks
    .filter((t) => {
      if (ids && !ids.has(t.taskId)) return false;
      if (f.taskAction && t.taskAction !== f.taskAction) return false;
      if (status && t.status !== status) return false;
      if (resources && !resources.has(t.resourceId)) return false;
      const created = Date.parse(t.creationTime);
      if (f.startTime !== undefined && created < f.startTime) return false;
      if (f.endTime !== undefined && created > f.endTime) return false;
      return true;
    })
    .sort((a, b) => Date.parse(b.creationTime) - Date.parse(a.creationTime) || a.taskId.localeCompare(b.taskId));
}
