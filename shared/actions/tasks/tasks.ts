import { z } from 'zod';
import { isKnownRegion } from '../../domain/catalogue/regions';
import { ApiError, Errors } from '../../domain/errors';
import { isBuilding, settleImage } from '../../domain/image';
import { cancelTask, filterTasks, KNOWN_TASK_ACTIONS, renderTask, renderTaskAttribute, settleTask, TaskErrors } from '../../domain/task';
import { loadOwnImage, releaseCustomImageSlot, removeImageItem, saveImage } from '../../store/images';
import { stripKeys } from '../../store/instances';
import { loadSnapshots } from '../../store/snapshots';
import { listTasks, loadTask, saveTask } from '../../store/tasks';
import { accountOf, defineAction, type ActionContext } from '../action';
import { pageFields, pageOf } from '../paging';
import { commonFields, p } from '../params';

/**
 * DescribeTasks, DescribeTaskAttribute and CancelTask (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describetasks, docs/rules/ecs-user-guide.md "task
 * management"): the account's ImportImage and ExportImage tasks in a region, as they are at the
 * sandbox clock's now. DescribeTasks has no progress; DescribeTaskAttribute's `TaskProcess` does.
 * CancelTask stops a Processing task: it ends Failed (ErrorCode TaskCancelled); a cancelled
 * import takes its half-imported image (and its snapshots) with it, a cancelled export frees
 * the image.
 */
const regionOf = (regionId: string) => {
  if (!isKnownRegion(regionId)) throw new ApiError('InvalidRegionId.NotFound', 400, 'The specified RegionId does not exist.');
  return regionId;
};

const time = (name: string, value: string | undefined): number | undefined => {
  if (value === undefined) return undefined;
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw Errors.invalidParameter(name);
  return t;
};

export const describeTasks = defineAction({
  name: 'DescribeTasks',
  input: z.object({
    ...commonFields,
    ...pageFields(100),
    RegionId: p.regionId(),
    TaskIds: p.commaList({ max: 100 }).optional(),
    TaskAction: p.string().optional(),
    TaskStatus: p.string().optional(),
    TaskGroupId: p.string().optional(),
    ResourceIds: p.list(p.string(), { max: 100 }).optional(),
    StartTime: p.string().optional(),
    EndTime: p.string().optional(),
  }),
  handler: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = regionOf(input.RegionId);
    if (input.TaskAction !== undefined && !(KNOWN_TASK_ACTIONS as readonly string[]).includes(input.TaskAction)) {
      throw Errors.invalidParameter('TaskAction', `Valid values: ${KNOWN_TASK_ACTIONS.join(', ')}.`);
    }
    const tasks = (await listTasks(ctx.store, accountId, regionId)).map((t) => settleTask(stripKeys(t), ctx.now));
    const matched = filterTasks(tasks, {
      taskIds: input.TaskIds,
      taskAction: input.TaskAction,
      taskStatus: input.TaskStatus,
      resourceIds: input.ResourceIds,
      startTime: time('StartTime', input.StartTime),
      endTime: time('EndTime', input.EndTime),
    });
    const page = pageOf(matched, input.PageNumber, input.PageSize);
    return {
      RegionId: regionId,
      TotalCount: page.TotalCount,
      PageNumber: page.PageNumber,
      PageSize: page.PageSize,
      TaskSet: { Task: page.items.map(renderTask) },
    };
  },
});

async function loadTaskNow(ctx: ActionContext, regionId: string, taskId: string) {
  const stored = await loadTask(ctx.store, accountOf(ctx), regionOf(regionId), taskId);
  if (!stored) throw TaskErrors.notFound();
  return { stored, current: settleTask(stripKeys(stored), ctx.now) };
}

export const describeTaskAttribute = defineAction({
  name: 'DescribeTaskAttribute',
  input: z.object({ ...commonFields, RegionId: p.regionId(), TaskId: p.string({ min: 1, max: 64 }) }),
  handler: async (input, ctx) => {
    const { current } = await loadTaskNow(ctx, input.RegionId, input.TaskId);
    return renderTaskAttribute(current, ctx.now);
  },
});

export const cancelTaskAction = defineAction({
  name: 'CancelTask',
  input: z.object({ ...commonFields, RegionId: p.regionId(), TaskId: p.string({ min: 1, max: 64 }) }),
  handler: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const { stored, current } = await loadTaskNow(ctx, input.RegionId, input.TaskId);
    const next = cancelTask(current, ctx.now);
    saveTask(ctx.tx, stored, next);
    const imageStored = await loadOwnImage(ctx.store, accountId, current.regionId, current.resourceId);
    if (!imageStored) return {};
    const image = settleImage(stripKeys(imageStored), ctx.now);
    if (current.taskAction === 'ImportImage' && image.importTaskId === current.taskId && isBuilding(image)) {
      removeImageItem(ctx.tx, imageStored);
      releaseCustomImageSlot(ctx.tx, accountId, image.regionId);
      const ids = image.diskDeviceMappings.map((m) => m.snapshotId).filter((id): id is string => Boolean(id));
      for (const s of await loadSnapshots(ctx.store, accountId, image.regionId, ids)) ctx.tx.remove(s);
    } else if (current.taskAction === 'ExportImage' && image.exporting?.taskId === current.taskId) {
      saveImage(ctx.tx, imageStored, { ...image, exporting: undefined });
    }
    return {};
  },
});
