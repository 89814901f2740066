/**
 * Time formats used by the ECS API: minutes for instance fields, seconds for images,
 * snapshots, tasks. The sandbox clock itself (real time plus a stored offset) is
 * store/sandbox-clock.ts.
 */
export const isoMinutes = (d: Date): string => d.toISOString().slice(0, 16) + 'Z';
export const isoSeconds = (d: Date): string => d.toISOString().slice(0, 19) + 'Z';
/** The full ISO time `seconds` after `now`: when a timed change falls due. */
export const isoAfter = (now: Date, seconds: number): string => new Date(now.getTime() + seconds * 1000).toISOString();
