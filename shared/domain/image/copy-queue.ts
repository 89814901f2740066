import { isoOf } from './limits';

/** The queue of image copies into one region: when each copy starts and ends. */

export interface BuildWindow {
  startAt: string;
  readyAt: string;
}

/**
 * When a copy of `durationMs` asked for at `now` runs: as soon as fewer than `concurrency` of the
 * copies already planned (`planned`) run at every instant of its window (https://www.alibabacloud.com/help/en/ecs/user-guide/limits: at most 5
 * at once per region, the rest wait; docs/rules/ecs-user-guide.md#image-copy: time depends on the task queue).
 */
export function queueSlot(planned: readonly BuildWindow[], now: Date, durationMs: number, concurrency: number): BuildWindow {
  const nowMs = now.getTime();
  const windows = planned.map((w) => [Date.parse(w.startAt), Date.parse(w.readyAt)] as const).filter(([, end]) => end > nowMs);
  const candidates = [nowMs, ...windows.map(([, end]) => end)].filter((c) => c >= nowMs).sort((a, b) => a - b);
  const openAt = (t: number) => windows.filter(([s, e]) => s <= t && t < e).length;
  for (const c of candidates) {
    const points = [c, ...windows.map(([s]) => s).filter((s) => s > c && s < c + durationMs)];
    if (points.every((p) => openAt(p) < concurrency)) return { startAt: isoOf(c), readyAt: isoOf(c + durationMs) };
  }
  const last = Math.max(nowMs, ...windows.map(([, e]) => e));
  return { startAt: isoOf(last), readyAt: isoOf(last + durationMs) };
}

/**
 * The queue again after a copy left it (CancelCopyImage): copies already running keep their
 * windows; the waiting ones move up in the order they were asked for. Returns the new windows of
 * the copies whose window changed.
 */
export function replanQueue(
  copies: readonly (BuildWindow & { imageId: string; queuedAt: string })[],
  now: Date,
  concurrency: number,
): Map<string, BuildWindow> {
  const nowMs = now.getTime();
  const fixed: BuildWindow[] = copies.filter((c) => Date.parse(c.startAt) <= nowMs);
  const waiting = copies
    .filter((c) => Date.parse(c.startAt) > nowMs)
    .sort((a, b) => Date.parse(a.queuedAt) - Date.parse(b.queuedAt) || a.imageId.localeCompare(b.imageId));
  const changed = new Map<string, BuildWindow>();
  for (const c of waiting) {
    const slot = queueSlot(fixed, now, Date.parse(c.readyAt) - Date.parse(c.startAt), concurrency);
    fixed.push(slot);
    if (slot.startAt !== c.startAt) changed.set(c.imageId, slot);
  }
  return changed;
}
