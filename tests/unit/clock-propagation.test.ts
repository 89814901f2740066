import { afterEach, describe, expect, it, vi } from 'vitest';
import { runScheduledJobsNow } from '../../shared/jobs/run-now';
import { awaitClockCopiesExpired, HOST_CLOCK_MARGIN_MS } from '../../shared/store/clock-propagation';
import { dropAllHotItems, dropHotItems, HOT_ITEM_TTL_MS } from '../../shared/store/hot-items';
import { Keys } from '../../shared/store/keys';
import { MemoryStateStore } from '../../shared/store/memory-state-store';
import { requestNow } from '../../shared/store/sandbox-clock';
import type { StateStore } from '../../shared/store/state-store';
import { useViewsStore } from '../../shared/store/views-store';

/**
 * Two Lambda containers of one deployed sandbox: one table (one MemoryStateStore), each container
 * with its own hot-item cache (its own scope, as a container has its own memory). A write drops
 * only its own container's copy, as DynamoStateStore.commit does.
 */
type Container = StateStore & { readonly hotItemScope: string };
function container(table: MemoryStateStore, name: string): Container {
  return Object.create(table, { hotItemScope: { value: `${name}-${Math.random()}` } }) as Container;
}

async function advanceClock(c: Container, seconds: number): Promise<number> {
  const stored = await c.get<{ offsetSeconds: number }>(Keys.clock());
  const tx = c.unitOfWork();
  if (stored) tx.replace(stored, { offsetSeconds: stored.offsetSeconds + seconds });
  else tx.create(Keys.clock(), { offsetSeconds: seconds });
  dropHotItems(c.hotItemScope, [Keys.clock()]);
  await tx.commit();
  dropHotItems(c.hotItemScope, [Keys.clock()]);
  return Date.now();
}

/** A table whose clock item exists (only found items are cached). */
async function tableWithClock(): Promise<MemoryStateStore> {
  const table = new MemoryStateStore();
  const tx = table.unitOfWork();
  tx.create(Keys.clock(), { offsetSeconds: 0 });
  await tx.commit();
  return table;
}

const offsetSeen = async (c: Container) => ((await requestNow(c)).getTime() - c.wallClockMs()) / 1000;

const savedIsOffline = process.env.IS_OFFLINE;
afterEach(() => {
  vi.useRealTimers();
  dropAllHotItems();
  if (savedIsOffline === undefined) delete process.env.IS_OFFLINE;
  else process.env.IS_OFFLINE = savedIsOffline;
});

describe('advance, then read, across containers (shared/store/clock-propagation.ts)', () => {
  it('answers a clock write only once no other container can still read the old time', async () => {
    delete process.env.IS_OFFLINE;
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout'] });
    const table = await tableWithClock();
    const describer = container(table, 'describer');
    const advancer = container(table, 'advancer');
    expect(await offsetSeen(describer)).toBe(0); // the describing container now holds a copy

    const committedAt = await advanceClock(advancer, 3600);
    // Without the wait, the other container still answers from its copy: the problem.
    expect(await offsetSeen(describer)).toBe(0);
    let answered = false;
    const answer = awaitClockCopiesExpired(advancer.hotItemScope, [Keys.clock()], committedAt).then(() => (answered = true));
    await vi.advanceTimersByTimeAsync(HOT_ITEM_TTL_MS - 1);
    expect(answered).toBe(false);
    await vi.advanceTimersByTimeAsync(HOST_CLOCK_MARGIN_MS + 1);
    await answer;
    expect(answered).toBe(true);
    // Once the advance has answered, the other container reads the new time.
    expect(await offsetSeen(describer)).toBe(3600);
  });

  it('does not wait where every handler shares this process (serverless-offline), nor for writes of other items', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout'] });
    const started = Date.now();
    process.env.IS_OFFLINE = 'true';
    await awaitClockCopiesExpired('scope', [Keys.clock()]);
    delete process.env.IS_OFFLINE;
    await awaitClockCopiesExpired('scope', [Keys.resource('a', 'cn-hangzhou', 'instance', 'i-1'), Keys.accessKey('AK')]);
    await awaitClockCopiesExpired(undefined, [Keys.clock()]);
    // Each returned without any timer having to fire.
    expect(Date.now()).toBe(started);
  });

  it('in one process, a write drops the copy: the next read sees the new time at once', async () => {
    const table = await tableWithClock();
    const one = container(table, 'one');
    expect(await offsetSeen(one)).toBe(0);
    await advanceClock(one, 60);
    expect(await offsetSeen(one)).toBe(60);
  });

  it("RunScheduledJobs runs the jobs at the stored time, not the request container's copy", async () => {
    const table = await tableWithClock();
    useViewsStore(new MemoryStateStore()); // the jobs lease and the webhook jobs' table
    const runner = container(table, 'runner');
    const advancer = container(table, 'advancer');
    expect(await offsetSeen(runner)).toBe(0);
    await advanceClock(advancer, 7200);
    expect(await offsetSeen(runner)).toBe(0); // the request's copy is still the old time
    const { now, reports } = await runScheduledJobsNow(runner, 'test');
    expect(now.getTime()).toBe(runner.wallClockMs() + 7200 * 1000);
    expect(reports.length).toBeGreaterThan(0);
  });
});
