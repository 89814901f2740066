/**
 * Time formats used by the ECS API: minutes for instance fields, seconds for images,
 * snapshots, tasks. The sandbox clock itself (real time plus a stored offset) is
 * store/sandbox-clock.ts.
 */
export const isoMinutes = (d: Date): string => d.toISOString().slice(0, 16) + 'Z';
export const isoSeconds = (d: Date): string => d.toISOString().slice(0, 19) + 'Z';
