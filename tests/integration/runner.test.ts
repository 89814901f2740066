import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandbox } from '../support/sandbox';
import { z } from 'zod';
import { defineAction } from '../../shared/actions/action';
import { commonFields, p } from '../../shared/actions/params';
import { runAction } from '../../shared/actions/runner';
import type { Caller } from '../../shared/domain/account';
import { ApiError, Errors } from '../../shared/domain/errors';
import { Keys } from '../../shared/store/keys';
import { type Key, type StateStore } from '../../shared/store/state-store';
import { DynamoStateStore } from '../../shared/store/dynamo-state-store';

/**
 * The action runner against DynamoDB Local, with throwaway actions declared
 * here: ClientToken idempotency, DryRun, optimistic-concurrency retries,
 * atomic units of work with quota counters, and units of work larger than one
 * DynamoDB transaction. Every test writes under its own random partition, so
 * the shared sandbox's other items never matter.
 */
let raw: DynamoDBClient;
let store: StateStore;

beforeAll(() => {
  const { dynamoEndpoint, stateTable } = sandbox();
  raw = new DynamoDBClient({
    endpoint: dynamoEndpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  store = new DynamoStateStore(stateTable, DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } }));
});
afterAll(() => raw?.destroy());

const caller = (): Caller => ({ kind: 'account', accountId: `test-${randomUUID()}`, accessKeyId: `LTAItest${randomUUID().slice(0, 8)}` });
const invocation = (c: Caller = caller()) => ({ caller: c, requestId: randomUUID().toUpperCase(), sourceIp: '127.0.0.1', store });
const partition = () => `TEST#runner#${randomUUID()}`;
const itemsOf = (pk: string) => store.queryAll<Record<string, unknown>>({ pk });

async function apiError(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError);
    return e as ApiError;
  }
  throw new Error('expected the action to fail, but it succeeded');
}

/** An action that creates one item with a fresh id in the partition it is given. */
function creator(name = 'TestCreateThing') {
  return defineAction({
    name,
    idempotent: true,
    input: z.object({ ...commonFields, ClientToken: p.clientToken().optional(), Partition: p.string(), Name: p.string() }),
    handler: async (input, ctx) => {
      const id = `thing-${randomUUID()}`;
      ctx.tx.create({ pk: input.Partition, sk: id }, { name: input.Name, createdAt: ctx.now.toISOString() });
      return { ThingId: id, Nested: { Names: { Name: [input.Name] } } };
    },
  });
}

describe('ClientToken', () => {
  const create = creator();

  it('answers a retry with the same token and parameters with the first response and writes once', async () => {
    const pk = partition();
    const inv = invocation();
    const token = `tok-${randomUUID()}`;
    const first = (await runAction(create, { Partition: pk, Name: 'a', ClientToken: token }, inv)) as { ThingId: string };
    const again = await runAction(create, { Partition: pk, Name: 'a', ClientToken: token }, { ...inv, requestId: 'OTHER' });
    expect(again).toEqual(first);
    const items = await itemsOf(pk);
    expect(items.map((i) => i.sk)).toEqual([first.ThingId]);

    // The token, not luck, is what deduplicates: another token creates another item.
    const other = (await runAction(create, { Partition: pk, Name: 'a', ClientToken: `tok-${randomUUID()}` }, inv)) as { ThingId: string };
    expect(other.ThingId).not.toBe(first.ThingId);
    expect(await itemsOf(pk)).toHaveLength(2);
  });

  it('refuses the same token with other parameters: IdempotentParameterMismatch (400), nothing written', async () => {
    const pk = partition();
    const inv = invocation();
    const token = `tok-${randomUUID()}`;
    await runAction(create, { Partition: pk, Name: 'a', ClientToken: token }, inv);
    const err = await apiError(runAction(create, { Partition: pk, Name: 'b', ClientToken: token }, inv));
    expect(err.code).toBe('IdempotentParameterMismatch');
    expect(err.status).toBe(400);
    expect(await itemsOf(pk)).toHaveLength(1);
  });

  it('keeps tokens per account: the same token in another account is a new call', async () => {
    const pk = partition();
    const token = `tok-${randomUUID()}`;
    const a = (await runAction(create, { Partition: pk, Name: 'a', ClientToken: token }, invocation())) as { ThingId: string };
    const b = (await runAction(create, { Partition: pk, Name: 'a', ClientToken: token }, invocation(caller()))) as { ThingId: string };
    expect(b.ThingId).not.toBe(a.ThingId);
    expect(await itemsOf(pk)).toHaveLength(2);
  });

  it('gives concurrent calls with one token one answer and one write', async () => {
    const pk = partition();
    const inv = invocation();
    const token = `tok-${randomUUID()}`;
    const answers = await Promise.all(Array.from({ length: 6 }, () => runAction(create, { Partition: pk, Name: 'a', ClientToken: token }, inv)));
    for (const a of answers) expect(a).toEqual(answers[0]);
    expect(await itemsOf(pk)).toHaveLength(1);
  });
});

describe('DryRun', () => {
  const create = creator('TestDryRunCreate');

  it('answers DryRunOperation (400) after validation and writes nothing, token record included', async () => {
    const pk = partition();
    const inv = invocation();
    const token = `tok-${randomUUID()}`;
    for (const dry of [true, 'true', 'True']) {
      const err = await apiError(runAction(create, { Partition: pk, Name: 'a', DryRun: dry, ClientToken: token }, inv));
      expect(err.code).toBe('DryRunOperation');
      expect(err.status).toBe(400);
    }
    expect(await itemsOf(pk)).toHaveLength(0);
    if (inv.caller.kind !== 'account') throw new Error('account caller expected');
    expect(await store.get(Keys.clientToken(inv.caller.accountId, create.name, token))).toBeUndefined();
    // The same call without DryRun then really runs, so the dry run was not refused for another reason.
    await runAction(create, { Partition: pk, Name: 'a', ClientToken: token }, inv);
    expect(await itemsOf(pk)).toHaveLength(1);
  });

  it('reports an invalid request as such, not as DryRunOperation', async () => {
    const err = await apiError(runAction(create, { Partition: partition(), DryRun: 'true' }, invocation()));
    expect(err.code).toBe('MissingParameter');
    expect(err.message).toContain('"Name"');
  });
});

describe('optimistic concurrency', () => {
  const increment = defineAction({
    name: 'TestIncrement',
    input: z.object({ Partition: p.string() }),
    handler: async (input, ctx) => {
      const key: Key = { pk: input.Partition, sk: 'COUNTER' };
      const current = await ctx.store.get<{ n: number }>(key);
      if (!current) throw Errors.invalid('TestCounter.NotFound', 'no counter');
      ctx.tx.replace(current, { n: current.n + 1 });
      return { N: current.n + 1 };
    },
  });

  it('retries conflicting read-modify-write calls on fresh reads: 10 concurrent increments give 10', async () => {
    const pk = partition();
    const seed = store.unitOfWork();
    seed.create({ pk, sk: 'COUNTER' }, { n: 0 });
    await seed.commit();

    const results = await Promise.allSettled(Array.from({ length: 10 }, () => runAction(increment, { Partition: pk }, invocation())));
    const failures = results.filter((r) => r.status === 'rejected').map((r) => String(r.reason));
    expect(failures).toEqual([]);
    const seen = results.map((r) => (r as PromiseFulfilledResult<{ N: number }>).value.N).sort((a, b) => a - b);
    // Every call saw a distinct value: no lost update.
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const final = await store.get<{ n: number }>({ pk, sk: 'COUNTER' });
    expect(final?.n).toBe(10);
    expect(final?.version).toBe(11);
  });

  it('refuses a replace of an item that changed since it was read', async () => {
    const pk = partition();
    const seed = store.unitOfWork();
    seed.create({ pk, sk: 'COUNTER' }, { n: 0 });
    await seed.commit();
    const stale = (await store.get<{ n: number }>({ pk, sk: 'COUNTER' }))!;
    const first = store.unitOfWork();
    first.replace(stale, { n: 1 });
    await first.commit();
    const second = store.unitOfWork();
    second.replace(stale, { n: 100 });
    await expect(second.commit()).rejects.toMatchObject({ name: 'WriteConflict' });
    expect((await store.get<{ n: number }>({ pk, sk: 'COUNTER' }))?.n).toBe(1);
  });
});

describe('units of work', () => {
  const quotaFull = () => Errors.invalid('QuotaExceeded.TestThings', 'The test quota is full.', 403);
  /** Creates a thing and takes a quota slot in the same transaction. */
  const createWithQuota = defineAction({
    name: 'TestCreateWithQuota',
    input: z.object({ Partition: p.string(), Max: p.int(), Amount: p.int({ min: 1 }).optional() }),
    handler: async (input, ctx) => {
      const id = `thing-${randomUUID()}`;
      ctx.tx.create({ pk: input.Partition, sk: id }, { kind: 'thing' });
      ctx.tx.addToCounter({ pk: input.Partition, sk: '~USAGE' }, 'used', input.Amount ?? 1, input.Max, quotaFull);
      return { ThingId: id };
    },
  });
  const things = async (pk: string) => (await itemsOf(pk)).filter((i) => i.kind === 'thing');
  const usage = async (pk: string) => (await store.get<{ used: number }>({ pk, sk: '~USAGE' }))?.used;

  it('takes counter slots up to the max, then fails with the documented error and writes nothing of that call', async () => {
    const pk = partition();
    const inv = invocation();
    await runAction(createWithQuota, { Partition: pk, Max: 2 }, inv);
    await runAction(createWithQuota, { Partition: pk, Max: 2 }, inv);
    const err = await apiError(runAction(createWithQuota, { Partition: pk, Max: 2 }, inv));
    expect(err.code).toBe('QuotaExceeded.TestThings');
    expect(err.status).toBe(403);
    expect(await things(pk)).toHaveLength(2);
    expect(await usage(pk)).toBe(2);
  });

  it('refuses a single addition larger than the max, with nothing written', async () => {
    const pk = partition();
    const err = await apiError(runAction(createWithQuota, { Partition: pk, Max: 2, Amount: 3 }, invocation()));
    expect(err.code).toBe('QuotaExceeded.TestThings');
    expect(await things(pk)).toHaveLength(0);
    expect(await usage(pk)).toBeUndefined();
  });

  it('lets concurrent calls take exactly the free slots', async () => {
    const pk = partition();
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => runAction(createWithQuota, { Partition: pk, Max: 5 }, invocation())));
    const ok = results.filter((r) => r.status === 'fulfilled').length;
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => (r.reason as ApiError).code);
    expect(ok).toBe(5);
    expect(refused).toEqual(['QuotaExceeded.TestThings', 'QuotaExceeded.TestThings', 'QuotaExceeded.TestThings']);
    expect(await things(pk)).toHaveLength(5);
    expect(await usage(pk)).toBe(5);
  });

  it('renders a failed counter on its own (one-operation unit of work) with its documented error', async () => {
    const pk = partition();
    const tx = store.unitOfWork();
    tx.addToCounter({ pk, sk: '~USAGE' }, 'used', 1, 1, quotaFull);
    await tx.commit();
    const again = store.unitOfWork();
    again.addToCounter({ pk, sk: '~USAGE' }, 'used', 1, 1, quotaFull);
    const err = await again.commit().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('QuotaExceeded.TestThings');
    expect(await usage(pk)).toBe(1);
  });

  it('commits a unit of work of more than 100 operations completely', async () => {
    const pk = partition();
    const bulk = defineAction({
      name: 'TestBulkCreate',
      input: z.object({ Partition: p.string(), Count: p.int({ min: 1, max: 1000 }) }),
      handler: async (input, ctx) => {
        for (let i = 0; i < input.Count; i++) ctx.tx.create({ pk: input.Partition, sk: `item-${String(i).padStart(4, '0')}` }, { i });
        return { Operations: ctx.tx.size };
      },
    });
    const out = (await runAction(bulk, { Partition: pk, Count: 250 }, invocation())) as { Operations: number };
    expect(out.Operations).toBe(250);
    const items = await itemsOf(pk);
    expect(items).toHaveLength(250);
    expect(items.map((i) => i.i).sort((a, b) => Number(a) - Number(b))).toEqual(Array.from({ length: 250 }, (_, i) => i));
  });

  it('writes nothing of a large unit of work whose first operations fail their condition', async () => {
    const pk = partition();
    const full = store.unitOfWork();
    full.addToCounter({ pk, sk: '~USAGE' }, 'used', 3, 3, quotaFull);
    await full.commit();
    const bulkWithQuota = defineAction({
      name: 'TestBulkWithQuota',
      input: z.object({ Partition: p.string() }),
      handler: async (input, ctx) => {
        // The quota first, as the store asks of callers: it decides the whole unit.
        ctx.tx.addToCounter({ pk: input.Partition, sk: '~USAGE' }, 'used', 1, 3, quotaFull);
        for (let i = 0; i < 150; i++) ctx.tx.create({ pk: input.Partition, sk: `item-${i}` }, { kind: 'thing' });
        return {};
      },
    });
    const err = await apiError(runAction(bulkWithQuota, { Partition: pk }, invocation()));
    expect(err.code).toBe('QuotaExceeded.TestThings');
    expect(await things(pk)).toHaveLength(0);
    expect(await usage(pk)).toBe(3);
  });
});

describe('the sandbox clock', () => {
  it('gives the handler real time plus the offset stored under Keys.clock()', async () => {
    const clockAction = defineAction({
      name: 'TestClock',
      input: z.object({}),
      handler: async (_input, ctx) => ({ Now: ctx.now.getTime() }),
    });
    const offset = (await store.get<{ offsetSeconds: number }>(Keys.clock()))?.offsetSeconds ?? 0;
    const before = Date.now();
    const out = (await runAction(clockAction, {}, invocation())) as { Now: number };
    const after = Date.now();
    expect(out.Now).toBeGreaterThanOrEqual(before + offset * 1000);
    expect(out.Now).toBeLessThanOrEqual(after + offset * 1000);
  });
});
