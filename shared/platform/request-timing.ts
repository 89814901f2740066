import { AsyncLocalStorage } from 'node:async_hooks';
import { performance } from 'node:perf_hooks';

/**
 * Where one HTTP request's time goes, for its `Server-Timing` header (README "Where the time
 * goes"). Stages, from the innermost out:
 * - `read`: waiting on a DynamoDB read (GetItem, BatchGetItem, Query);
 * - `write`: waiting on a DynamoDB write (TransactWriteItems, PutItem, the audit record);
 * - `settle`: bringing records up to the sandbox clock's now (the state machine);
 * - `render`: writing the answer (ECS JSON, EC2 XML);
 * - `auth`: identifying the caller (signature or token check);
 * - `app`: everything else (reading the wire, validation, the action's own logic).
 * Each instant of the request is counted once, in the innermost stage active at that instant
 * (two reads in flight at once count once, and the access-key read during authentication counts
 * as `read`), so the stages add up to `total`.
 */
export type Stage = 'read' | 'write' | 'settle' | 'render' | 'auth';
export type Metric = Stage | 'app';

/** Innermost first: the stage an instant is charged to when several are active. */
const INNERMOST_FIRST: readonly Stage[] = ['read', 'write', 'settle', 'render', 'auth'];
const ORDER: readonly Metric[] = ['auth', 'read', 'settle', 'app', 'write', 'render'];

export class RequestTiming {
  private readonly started = performance.now();
  private lastMark = this.started;
  private readonly active = new Map<Stage, number>();
  private readonly spent = new Map<Metric, number>();

  enter(stage: Stage): void {
    this.charge();
    this.active.set(stage, (this.active.get(stage) ?? 0) + 1);
  }

  leave(stage: Stage): void {
    this.charge();
    const n = (this.active.get(stage) ?? 0) - 1;
    if (n > 0) this.active.set(stage, n);
    else this.active.delete(stage);
  }

  /** Milliseconds per metric so far, and the total since the request started. */
  snapshot(): { stages: Record<Metric, number>; total: number } {
    this.charge();
    const stages = Object.fromEntries(ORDER.map((m) => [m, this.spent.get(m) ?? 0])) as Record<Metric, number>;
    return { stages, total: this.lastMark - this.started };
  }

  /**
   * The header's value (https://www.w3.org/TR/server-timing/#the-server-timing-header-field:
   * `name;dur=<ms>` entries separated by commas; durations in milliseconds, as
   * https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Server-Timing describes).
   */
  header(): string {
    const { stages, total } = this.snapshot();
    return [...ORDER.map((m) => `${m};dur=${stages[m].toFixed(2)}`), `total;dur=${total.toFixed(2)}`].join(', ');
  }

  /** The time since the last mark goes to the innermost active stage (`app` when none is). */
  private charge(): void {
    const now = performance.now();
    const stage: Metric = INNERMOST_FIRST.find((s) => this.active.has(s)) ?? 'app';
    this.spent.set(stage, (this.spent.get(stage) ?? 0) + (now - this.lastMark));
    this.lastMark = now;
  }
}

const storage = new AsyncLocalStorage<RequestTiming>();

/**
 * Starts the timing of a request for everything that runs from here on in this async context.
 * `enterWith` (not `run`) because a middy middleware cannot wrap the rest of the chain; it has
 * to be called before the chain's first `await`, i.e. from the first middleware
 * (https://nodejs.org/api/async_context.html#asynclocalstorageenterwithstore).
 */
export function startRequestTiming(): RequestTiming {
  const timing = new RequestTiming();
  storage.enterWith(timing);
  return timing;
}

/** The timing of the request being served, if any (scheduled jobs and stream batches have none). */
export function currentRequestTiming(): RequestTiming | undefined {
  return storage.getStore();
}

/** Runs `work` as `stage` of the current request (just runs it outside a timed request). */
export async function timed<T>(stage: Stage, work: () => Promise<T>): Promise<T> {
  const timing = storage.getStore();
  if (!timing) return work();
  timing.enter(stage);
  try {
    return await work();
  } finally {
    timing.leave(stage);
  }
}

/** The synchronous twin of `timed`. */
export function timedSync<T>(stage: Stage, work: () => T): T {
  const timing = storage.getStore();
  if (!timing) return work();
  timing.enter(stage);
  try {
    return work();
  } finally {
    timing.leave(stage);
  }
}
