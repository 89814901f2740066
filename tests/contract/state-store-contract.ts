import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/domain/errors';
import { WriteConflict, type StateStore, type Stored } from '../../shared/store/state-store';

/**
 * What every StateStore promises (shared/store/state-store.ts), as one set of assertions run
 * against DynamoDB Local (tests/integration/dynamo-state-store.test.ts, stack project) and the
 * in-memory store (tests/unit/memory-state-store.test.ts): the unit tests on the in-memory
 * store are worth what this contract proves. Every test writes under its own fresh partition
 * and due kind, so the shared DynamoDB table needs no cleaning.
 */
export function describeStateStoreContract(name: string, storeFor: () => StateStore): void {
  const fresh = () => `TEST#contract#${randomUUID()}`;
  const quotaFull = () => new ApiError('QuotaExceed.Test', 403, 'The test quota is full.');

  async function failureOf(commit: Promise<void>): Promise<unknown> {
    try {
      await commit;
    } catch (e) {
      return e;
    }
    throw new Error('expected the commit to fail');
  }

  async function everyPage<T>(store: StateStore, opts: Parameters<StateStore['query']>[0]): Promise<{ sks: string[]; pages: number; items: Stored<T>[] }> {
    const items: Stored<T>[] = [];
    let pages = 0;
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await store.query<T>({ ...opts, startKey });
      pages++;
      items.push(...page.items);
      startKey = page.lastKey;
    } while (startKey && pages < 50);
    return { sks: items.map((i) => i.sk), pages, items };
  }

  describe(`StateStore contract: ${name}`, () => {
    it('creates an item at version 1, stamped with the unit time; a second create of the key fails with its own error or a conflict', async () => {
      const store = storeFor();
      const key = { pk: fresh(), sk: 'A' };
      const tx = store.unitOfWork(new Date('2026-02-03T04:05:06.000Z'));
      tx.create(key, { colour: 'red', nothing: undefined, nested: { kept: 1, dropped: undefined } });
      await tx.commit();
      expect(await store.get(key)).toEqual({ ...key, version: 1, colour: 'red', nested: { kept: 1 }, changedAt: '2026-02-03T04:05:06.000Z' });
      const again = store.unitOfWork();
      again.create(key, { colour: 'blue' });
      expect(await failureOf(again.commit())).toBeInstanceOf(WriteConflict);
      const withError = store.unitOfWork();
      withError.create(key, { colour: 'blue' }, quotaFull);
      expect(await failureOf(withError.commit())).toMatchObject({ code: 'QuotaExceed.Test' });
      expect((await store.get<{ colour: string }>(key))?.colour).toBe('red');
    });

    it('replaces at the version read; a stale replace fails and nothing of its unit is written', async () => {
      const store = storeFor();
      const pk = fresh();
      const seed = store.unitOfWork();
      seed.create({ pk, sk: 'A' }, { n: 1 });
      await seed.commit();
      const read = (await store.get<{ n: number }>({ pk, sk: 'A' }))!;
      const first = store.unitOfWork();
      first.replace(read, { n: 2 });
      await first.commit();
      expect(await store.get({ pk, sk: 'A' })).toMatchObject({ n: 2, version: 2 });
      const stale = store.unitOfWork();
      stale.create({ pk, sk: 'B' }, { n: 9 });
      stale.replace(read, { n: 3 });
      expect(await failureOf(stale.commit())).toBeInstanceOf(WriteConflict);
      expect(await store.get({ pk, sk: 'A' })).toMatchObject({ n: 2, version: 2 });
      expect(await store.get({ pk, sk: 'B' })).toBeUndefined();
    });

    it('removes at the version read, removes whatever is there, upserts without a check, and checks an item unchanged', async () => {
      const store = storeFor();
      const pk = fresh();
      const seed = store.unitOfWork();
      seed.create({ pk, sk: 'A' }, {});
      seed.create({ pk, sk: 'B' }, {});
      await seed.commit();
      const a = (await store.get({ pk, sk: 'A' }))!;
      const b = (await store.get({ pk, sk: 'B' }))!;
      const touch = store.unitOfWork();
      touch.replace(b, { touched: true });
      await touch.commit();
      const guarded = store.unitOfWork();
      guarded.remove(a);
      guarded.requireUnchanged(b);
      expect(await failureOf(guarded.commit())).toBeInstanceOf(WriteConflict);
      expect(await store.get({ pk, sk: 'A' })).toBeDefined();
      const tx = store.unitOfWork();
      tx.remove(a);
      tx.removeIfPresent({ pk, sk: 'never-there' });
      tx.upsert({ pk, sk: 'B' }, { replaced: true });
      await tx.commit();
      expect(await store.get({ pk, sk: 'A' })).toBeUndefined();
      expect(await store.get({ pk, sk: 'B' })).toEqual({ pk, sk: 'B', version: 1, replaced: true });
    });

    it('adds to a counter up to its maximum, creating it at zero; a unit past the maximum fails with its own error', async () => {
      const store = storeFor();
      const key = { pk: fresh(), sk: '~USAGE' };
      const first = store.unitOfWork();
      first.addToCounter(key, 'used', 3, 5);
      first.addToCounter(key, 'used', 1, 5);
      await first.commit();
      expect(await store.get(key)).toEqual({ ...key, used: 4 });
      const past = store.unitOfWork();
      past.create({ pk: key.pk, sk: 'new' }, {});
      past.addToCounter(key, 'used', 2, 5, quotaFull);
      expect(await failureOf(past.commit())).toMatchObject({ code: 'QuotaExceed.Test' });
      expect(await store.get({ pk: key.pk, sk: 'new' })).toBeUndefined();
      const down = store.unitOfWork();
      down.addToCounter(key, 'used', -4, 5);
      await down.commit();
      expect((await store.get<{ used: number }>(key))?.used).toBe(0);
    });

    it('queries a partition in sk order by prefix or after a key, ascending or descending, page by page', async () => {
      const store = storeFor();
      const pk = fresh();
      const tx = store.unitOfWork();
      for (const sk of ['DISK#3', 'DISK#1', 'IMAGE#1', 'DISK#2', 'DISK#5', 'DISK#4']) tx.create({ pk, sk }, { kind: sk.split('#')[0] });
      await tx.commit();
      expect((await everyPage(store, { pk, skPrefix: 'DISK#' })).sks).toEqual(['DISK#1', 'DISK#2', 'DISK#3', 'DISK#4', 'DISK#5']);
      const paged = await everyPage(store, { pk, skPrefix: 'DISK#', limit: 2 });
      expect(paged.sks).toEqual(['DISK#1', 'DISK#2', 'DISK#3', 'DISK#4', 'DISK#5']);
      expect(paged.pages).toBeGreaterThanOrEqual(3);
      expect((await everyPage(store, { pk, skPrefix: 'DISK#', descending: true, limit: 2 })).sks).toEqual(['DISK#5', 'DISK#4', 'DISK#3', 'DISK#2', 'DISK#1']);
      expect((await everyPage(store, { pk, skAfter: 'DISK#3' })).sks).toEqual(['DISK#4', 'DISK#5', 'IMAGE#1']);
      const firstTwo = await store.query({ pk, limit: 2 });
      expect(firstTwo.items.map((i) => i.sk)).toEqual(['DISK#1', 'DISK#2']);
      expect(firstTwo.lastKey).toBeDefined();
      expect((await store.queryAll({ pk })).map((i) => i.sk)).toHaveLength(6);
      expect((await store.query({ pk: fresh() })).items).toEqual([]);
    });

    it('filters after the limit: a page may be short, and every page together holds exactly the matches', async () => {
      const store = storeFor();
      const pk = fresh();
      const tx = store.unitOfWork();
      for (let i = 1; i <= 6; i++) tx.create({ pk, sk: `ITEM#${i}` }, { size: i * 10, ...(i % 2 === 0 ? { policy: 'p-1' } : {}) });
      await tx.commit();
      const big = { expression: '#s >= :min', names: { '#s': 'size' }, values: { ':min': 40 } };
      const firstPage = await store.query({ pk, limit: 2, filter: big });
      expect(firstPage.items).toEqual([]);
      expect(firstPage.lastKey).toBeDefined();
      expect((await everyPage(store, { pk, limit: 2, filter: big })).sks).toEqual(['ITEM#4', 'ITEM#5', 'ITEM#6']);
      const withPolicy = { expression: 'attribute_exists(#p)', names: { '#p': 'policy' } };
      expect((await everyPage(store, { pk, filter: withPolicy })).sks).toEqual(['ITEM#2', 'ITEM#4', 'ITEM#6']);
      const exact = { expression: '#p = :p AND #s <= :max', names: { '#p': 'policy', '#s': 'size' }, values: { ':p': 'p-1', ':max': 40 } };
      expect((await everyPage(store, { pk, filter: exact })).sks).toEqual(['ITEM#2', 'ITEM#4']);
    });

    it('finds due timers of one kind through the byDue index, oldest first, up to and including the given time', async () => {
      const store = storeFor();
      const pk = fresh();
      const kind = `testKind-${randomUUID()}`;
      const tx = store.unitOfWork();
      const due = (sk: string, at: string) => tx.create({ pk, sk }, { dueKind: kind, dueAt: `${at}#${sk}` });
      due('c', '2026-01-01T00:00:03.000Z');
      due('a', '2026-01-01T00:00:01.000Z');
      due('b', '2026-01-01T00:00:02.000Z');
      due('later', '2026-01-01T00:00:09.000Z');
      tx.create({ pk, sk: 'other-kind' }, { dueKind: `${kind}-other`, dueAt: '2026-01-01T00:00:00.000Z#x' });
      tx.create({ pk, sk: 'no-timer' }, {});
      await tx.commit();
      const seen: string[] = [];
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await store.queryDue<{ sk: string }>(kind, '2026-01-01T00:00:03.000Z', 2, startKey);
        seen.push(...page.items.map((i) => i.sk));
        startKey = page.lastKey;
      } while (startKey);
      expect(seen).toEqual(['a', 'b', 'c']);
    });

    it('reads many keys at once: missing ones are absent, a key asked twice comes once', async () => {
      const store = storeFor();
      const pk = fresh();
      const tx = store.unitOfWork();
      for (let i = 0; i < 120; i++) tx.create({ pk, sk: `K${String(i).padStart(3, '0')}` }, { i });
      await tx.commit();
      const keys = [...Array.from({ length: 120 }, (_, i) => ({ pk, sk: `K${String(i).padStart(3, '0')}` })), { pk, sk: 'K000' }, { pk, sk: 'missing' }];
      const items = await store.getMany<{ i: number }>(keys);
      expect(items.map((x) => x.i).sort((a, b) => a - b)).toEqual(Array.from({ length: 120 }, (_, i) => i));
    });

    it('clears attributes only while the condition holds, without a version change', async () => {
      const store = storeFor();
      const pk = fresh();
      const tx = store.unitOfWork();
      tx.create({ pk, sk: 'R' }, { dueKind: 'releaseEffects', dueAt: 'x', keep: 1 });
      tx.create({ pk, sk: 'S' }, { dueKind: 'other', dueAt: 'y' });
      await tx.commit();
      await store.removeAttributesIf({ pk, sk: 'R' }, ['dueKind', 'dueAt'], { attribute: 'dueKind', equals: 'releaseEffects' });
      await store.removeAttributesIf({ pk, sk: 'S' }, ['dueKind', 'dueAt'], { attribute: 'dueKind', equals: 'releaseEffects' });
      await store.removeAttributesIf({ pk, sk: 'missing' }, ['dueKind'], { attribute: 'dueKind', equals: 'releaseEffects' });
      expect(await store.get({ pk, sk: 'R' })).toEqual({ pk, sk: 'R', version: 1, keep: 1 });
      expect(await store.get({ pk, sk: 'S' })).toMatchObject({ dueKind: 'other', dueAt: 'y' });
      expect(await store.get({ pk, sk: 'missing' })).toBeUndefined();
    });

    it('hands out copies: changing a result does not change the store', async () => {
      const store = storeFor();
      const key = { pk: fresh(), sk: 'A' };
      const tx = store.unitOfWork();
      tx.create(key, { list: [1, 2], map: { a: 1 } });
      await tx.commit();
      const read = (await store.get<{ list: number[]; map: Record<string, number> }>(key))!;
      read.list.push(3);
      read.map.a = 9;
      expect(await store.get(key)).toMatchObject({ list: [1, 2], map: { a: 1 } });
    });
  });
}
