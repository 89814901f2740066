import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { DynamoStateStore } from '../../shared/store/dynamo-state-store';
import { dropAllHotItems, readHotItem } from '../../shared/store/hot-items';
import { Keys } from '../../shared/store/keys';

/** A document client that answers every GetItem with the clock of its own DynamoDB, counting the calls. */
function fakeDynamo(offsetSeconds: number) {
  const db = {
    gets: 0,
    send: async () => {
      db.gets++;
      return { Item: { ...Keys.clock(), offsetSeconds } };
    },
  };
  return db;
}

afterEach(() => dropAllHotItems());

/**
 * Two sandboxes side by side use the same table names, each on its own DynamoDB Local, and the
 * test harness seeds both from one process: the one-second copy of one sandbox's clock or key
 * must never answer for the other's.
 */
describe('hot item scope of the DynamoDB store', () => {
  it('keeps the copies of two DynamoDBs apart, though their tables have the same name', async () => {
    const first = fakeDynamo(60);
    const second = fakeDynamo(3600);
    const a = new DynamoStateStore('sandbox-local-state', first as unknown as DynamoDBDocumentClient);
    const b = new DynamoStateStore('sandbox-local-state', second as unknown as DynamoDBDocumentClient);
    expect(a.hotItemScope).not.toBe(b.hotItemScope);
    expect((await readHotItem<{ offsetSeconds: number }>(a, Keys.clock()))?.offsetSeconds).toBe(60);
    expect((await readHotItem<{ offsetSeconds: number }>(b, Keys.clock()))?.offsetSeconds).toBe(3600);
    expect(second.gets).toBe(1);
    // Each still answers its own second read from its copy.
    expect((await readHotItem<{ offsetSeconds: number }>(a, Keys.clock()))?.offsetSeconds).toBe(60);
    expect(first.gets).toBe(1);
  });

  it('gives the stores over the process client one scope per table and endpoint (a write in one bundle drops the copy another reads)', () => {
    const state = new DynamoStateStore('t-state');
    const again = new DynamoStateStore('t-state');
    const views = new DynamoStateStore('t-views');
    expect(state.hotItemScope).toBe(again.hotItemScope);
    expect(state.hotItemScope).not.toBe(views.hotItemScope);
  });
});
