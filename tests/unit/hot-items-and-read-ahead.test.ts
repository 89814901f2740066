import { afterEach, describe, expect, it, vi } from 'vitest';
import { dropAllHotItems, dropHotItems, HOT_ITEM_TTL_MS, readHotItem } from '../../shared/store/hot-items';
import { Keys } from '../../shared/store/keys';
import { MemoryStateStore } from '../../shared/store/memory-state-store';
import { withReadAhead } from '../../shared/store/read-ahead';
import type { Key } from '../../shared/store/state-store';

/** The in-memory store with a cache scope (as the DynamoDB store has) and a count of its reads. */
class CountingStore extends MemoryStateStore {
  readonly hotItemScope = `test-${Math.random()}`;
  reads = 0;
  override get<T>(key: Key) {
    this.reads++;
    return super.get<T>(key);
  }
}

async function put(store: MemoryStateStore, key: Key, item: Record<string, unknown>) {
  const tx = store.unitOfWork();
  tx.upsert(key, item);
  await tx.commit();
}

afterEach(() => {
  vi.useRealTimers();
  dropAllHotItems();
});

describe('hot items (the one-second cache of the clock and access keys)', () => {
  it('answers a second read of the clock from the copy, and reads again once the copy is a second old', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const store = new CountingStore();
    await put(store, Keys.clock(), { offsetSeconds: 60 });
    expect((await readHotItem<{ offsetSeconds: number }>(store, Keys.clock()))?.offsetSeconds).toBe(60);
    expect((await readHotItem<{ offsetSeconds: number }>(store, Keys.clock()))?.offsetSeconds).toBe(60);
    expect(store.reads).toBe(1);
    vi.setSystemTime(Date.now() + HOT_ITEM_TTL_MS + 1);
    await readHotItem(store, Keys.clock());
    expect(store.reads).toBe(2);
  });

  it('never keeps a miss: a key created after a refused call is found at once', async () => {
    const store = new CountingStore();
    expect(await readHotItem(store, Keys.accessKey('AK1'))).toBeUndefined();
    await put(store, Keys.accessKey('AK1'), { accountId: 'a' });
    expect(await readHotItem(store, Keys.accessKey('AK1'))).toMatchObject({ accountId: 'a' });
  });

  it('drops the copy of an item a unit of work writes (a changed policy or clock is seen at once)', async () => {
    const store = new CountingStore();
    await put(store, Keys.accessKey('AK2'), { policy: 'old' });
    expect(await readHotItem(store, Keys.accessKey('AK2'))).toMatchObject({ policy: 'old' });
    await put(store, Keys.accessKey('AK2'), { policy: 'new' });
    dropHotItems(store.hotItemScope, [Keys.accessKey('AK2')]);
    expect(await readHotItem(store, Keys.accessKey('AK2'))).toMatchObject({ policy: 'new' });
  });

  it('does not keep what a read returned when a write of a hot item landed while it was in flight', async () => {
    const store = new CountingStore();
    await put(store, Keys.clock(), { offsetSeconds: 1 });
    const inFlight = readHotItem<{ offsetSeconds: number }>(store, Keys.clock());
    // The write commits (and drops copies) before the read's answer is stored.
    await put(store, Keys.clock(), { offsetSeconds: 2 });
    dropHotItems(store.hotItemScope, [Keys.clock()]);
    await inFlight;
    expect((await readHotItem<{ offsetSeconds: number }>(store, Keys.clock()))?.offsetSeconds).toBe(2);
  });

  it('caches nothing but the clock and access keys, and nothing for a store without a scope', async () => {
    const scoped = new CountingStore();
    const instanceKey = Keys.resource('a', 'cn-hangzhou', 'instance', 'i-1');
    await put(scoped, instanceKey, { instanceId: 'i-1' });
    await readHotItem(scoped, instanceKey);
    await readHotItem(scoped, instanceKey);
    expect(scoped.reads).toBe(2);

    const plain = new MemoryStateStore();
    await put(plain, Keys.clock(), { offsetSeconds: 5 });
    await readHotItem(plain, Keys.clock());
    await put(plain, Keys.clock(), { offsetSeconds: 6 });
    expect((await readHotItem<{ offsetSeconds: number }>(plain, Keys.clock()))?.offsetSeconds).toBe(6);
  });

  it('keeps one copy per scope: two tables never answer for each other', async () => {
    const one = new CountingStore();
    const two = new CountingStore();
    await put(one, Keys.clock(), { offsetSeconds: 10 });
    await put(two, Keys.clock(), { offsetSeconds: 20 });
    expect((await readHotItem<{ offsetSeconds: number }>(one, Keys.clock()))?.offsetSeconds).toBe(10);
    expect((await readHotItem<{ offsetSeconds: number }>(two, Keys.clock()))?.offsetSeconds).toBe(20);
  });
});

describe('read-ahead (the items an action will read, read side by side)', () => {
  it('reads every named item once, at once, and serves the action’s reads of them from that read', async () => {
    const store = new CountingStore();
    const a = Keys.account('acct');
    const q = Keys.accountQuota('acct', 'PostPaidInstances');
    await put(store, a, { accountId: 'acct' });
    await put(store, q, { value: 50 });
    store.reads = 0;
    const view = withReadAhead(store, [a, q, a]);
    expect(store.reads).toBe(2);
    expect(await view.get(q)).toMatchObject({ value: 50 });
    expect(await view.get(a)).toMatchObject({ accountId: 'acct' });
    expect(store.reads).toBe(2);
    // Anything else is read as usual, and the view writes through the same store.
    expect(await view.get(Keys.accessKey('none'))).toBeUndefined();
    expect(store.reads).toBe(3);
    const tx = view.unitOfWork();
    tx.upsert(Keys.accountQuota('acct', 'CloudDisks'), { value: 7 });
    await tx.commit();
    expect(await store.get(Keys.accountQuota('acct', 'CloudDisks'))).toMatchObject({ value: 7 });
  });

  it('gives a failed read-ahead to the action that asks for the item, and to nobody else', async () => {
    const store = new CountingStore();
    const failing = Keys.account('broken');
    const original = store.get.bind(store);
    store.get = (<T>(key: Key) => (key.pk === failing.pk ? Promise.reject(new Error('read failed')) : original<T>(key))) as typeof store.get;
    const view = withReadAhead(store, [failing]);
    await expect(view.get(failing)).rejects.toThrow('read failed');
  });

  it('serves a batch read of items all read ahead from those reads, and batch-reads anything else', async () => {
    const store = new CountingStore();
    const g1 = Keys.resource('acct', 'cn-hangzhou', 'security-group', 'sg-1');
    const g2 = Keys.resource('acct', 'cn-hangzhou', 'security-group', 'sg-2');
    const other = Keys.resource('acct', 'cn-hangzhou', 'security-group', 'sg-3');
    await put(store, g1, { securityGroupId: 'sg-1' });
    await put(store, other, { securityGroupId: 'sg-3' });
    const batches = vi.spyOn(store, 'getMany');
    const view = withReadAhead(store, [g1, g2]);
    // sg-2 does not exist: absent from the answer, as from a BatchGetItem.
    expect(await view.getMany([g1, g2])).toEqual([expect.objectContaining({ securityGroupId: 'sg-1' })]);
    expect(batches).not.toHaveBeenCalled();
    expect(await view.getMany([g1, other])).toHaveLength(2);
    expect(batches).toHaveBeenCalledTimes(1);
  });
});
