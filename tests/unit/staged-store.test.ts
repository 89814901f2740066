import { describe, expect, it } from 'vitest';
import { FrozenClock } from '../../shared/platform/frozen-clock';
import { MemoryStateStore } from '../../shared/store/memory-state-store';
import { StagedStore } from '../../shared/store/staged-store';
import { WriteConflict, type Stored } from '../../shared/store/state-store';

interface Row {
  n: number;
}

const key = (sk: string) => ({ pk: 'P', sk });

/** A unit of work shared by several actions (allowRewrites) and the staged view its actions read through. */
describe('a shared unit of work and its staged view', () => {
  async function storeWith(...sks: string[]): Promise<MemoryStateStore> {
    const store = new MemoryStateStore(new FrozenClock('2026-03-01T00:00:00Z'));
    const tx = store.unitOfWork();
    for (const sk of sks) tx.create(key(sk), { n: 1 });
    await tx.commit();
    return store;
  }

  it('refuses a second write to one item unless the unit is shared', async () => {
    const store = await storeWith('a');
    const stored = (await store.get<Row>(key('a')))!;
    const tx = store.unitOfWork();
    tx.replace(stored, { n: 2 });
    expect(() => tx.replace(stored, { n: 3 })).toThrow(/twice/);
  });

  it('lets a later action read and rewrite what an earlier one wrote; the commit writes the last value at version + 1', async () => {
    const store = await storeWith('a');
    const tx = store.unitOfWork();
    tx.allowRewrites();
    const staged = new StagedStore(store, tx);
    tx.replace((await staged.get<Row>(key('a')))!, { n: 2 });
    const seen = (await staged.get<Row>(key('a')))!;
    expect(seen.n).toBe(2);
    tx.replace(seen, { n: seen.n + 1 });
    expect((await store.get<Row>(key('a')))!.n).toBe(1);
    await tx.commit();
    expect(await store.get<Row>(key('a'))).toMatchObject({ n: 3, version: 2 });
  });

  it('keeps the first write’s condition: a change by somebody else since the unit read fails the whole commit', async () => {
    const store = await storeWith('a', 'b');
    const tx = store.unitOfWork();
    tx.allowRewrites();
    const staged = new StagedStore(store, tx);
    tx.replace((await staged.get<Row>(key('a')))!, { n: 2 });
    tx.replace((await staged.get<Row>(key('a')))!, { n: 3 });
    tx.remove((await staged.get<Row>(key('b')))!);
    const other = store.unitOfWork();
    other.replace((await store.get<Row>(key('a')))!, { n: 9 });
    await other.commit();
    await expect(tx.commit()).rejects.toBeInstanceOf(WriteConflict);
    expect(await store.get<Row>(key('a'))).toMatchObject({ n: 9 });
    expect(await store.get<Row>(key('b'))).toMatchObject({ n: 1 });
  });

  it('shows created, changed and deleted items in queries, paged as the store pages', async () => {
    const store = await storeWith('a', 'b', 'c');
    const tx = store.unitOfWork();
    tx.allowRewrites();
    const staged = new StagedStore(store, tx);
    tx.remove((await staged.get<Row>(key('b')))!);
    tx.create(key('d'), { n: 4 });
    tx.replace((await staged.get<Row>(key('c')))!, { n: 3 });
    const all = await staged.queryAll<Row>({ pk: 'P' });
    expect(all.map((i) => [i.sk, i.n])).toEqual([
      ['a', 1],
      ['c', 3],
      ['d', 4],
    ]);
    const first = await staged.query<Row>({ pk: 'P', limit: 2 });
    expect(first.items.map((i) => i.sk)).toEqual(['a', 'c']);
    const second = await staged.query<Row>({ pk: 'P', limit: 2, startKey: first.lastKey });
    expect(second.items.map((i) => i.sk)).toEqual(['d']);
    expect((await staged.getMany<Row>([key('a'), key('b'), key('d')])).map((i) => i.sk).sort()).toEqual(['a', 'd']);
    // The store itself is untouched until the commit.
    expect((await store.queryAll<Row>({ pk: 'P' })).map((i) => i.sk)).toEqual(['a', 'b', 'c']);
  });

  it('a created then deleted item leaves nothing; a deleted then recreated one moves its version forward', async () => {
    const store = await storeWith('a');
    const tx = store.unitOfWork();
    tx.allowRewrites();
    const staged = new StagedStore(store, tx);
    tx.create(key('tmp'), { n: 1 });
    tx.remove((await staged.get<Row>(key('tmp')))!);
    tx.remove((await staged.get<Row>(key('a')))!);
    expect(await staged.get(key('a'))).toBeUndefined();
    tx.create(key('a'), { n: 5 });
    await tx.commit();
    expect(await store.get(key('tmp'))).toBeUndefined();
    expect(await store.get<Row>(key('a'))).toMatchObject({ n: 5, version: 2 });
  });

  it('adds pending counter deltas to what a read sees', async () => {
    const store = await storeWith();
    const tx = store.unitOfWork();
    tx.allowRewrites();
    const staged = new StagedStore(store, tx);
    tx.addToCounter(key('quota'), 'used', 2, 10);
    expect(((await staged.get(key('quota'))) as Stored<{ used: number }>).used).toBe(2);
  });

  it('rolls back to a savepoint: the writes after it are gone, those before it stay', async () => {
    const store = await storeWith('a', 'b');
    const tx = store.unitOfWork();
    tx.allowRewrites();
    const staged = new StagedStore(store, tx);
    tx.replace((await staged.get<Row>(key('a')))!, { n: 2 });
    const savepoint = tx.savepoint();
    tx.replace((await staged.get<Row>(key('a')))!, { n: 3 });
    tx.remove((await staged.get<Row>(key('b')))!);
    tx.rollbackTo(savepoint);
    expect((await staged.get<Row>(key('a')))!.n).toBe(2);
    expect(await staged.get<Row>(key('b'))).toMatchObject({ n: 1 });
    await tx.commit();
    expect((await store.queryAll<Row>({ pk: 'P' })).map((i) => [i.sk, i.n])).toEqual([
      ['a', 2],
      ['b', 1],
    ]);
  });
});
