import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandbox } from '../support/sandbox';
import { BATCH_DUE_KIND } from '../../shared/store/batch-journal';
import { recoverBatches } from '../../shared/store/batch-recovery';
import { type StateStore } from '../../shared/store/state-store';
import { DynamoStateStore } from '../../shared/store/dynamo-state-store';

/**
 * The batch journal (docs/atomicity.md) against DynamoDB Local: a unit of work
 * of 250 operations whose process "dies" after its k-th transaction (a client
 * that throws from then on, as a killed process would stop sending), then
 * recovery. Decided batches end complete, undecided ones leave nothing, and
 * two recoveries racing apply each chunk once.
 */
let raw: DynamoDBClient;
let doc: DynamoDBDocumentClient;
let tableName: string;

beforeAll(() => {
  const { dynamoEndpoint, stateTable } = sandbox();
  tableName = stateTable;
  raw = new DynamoDBClient({ endpoint: dynamoEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  doc = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
});
afterAll(() => raw?.destroy());

class Died extends Error {}

/** A document client that stops working once `transactions` TransactWriteItems have gone through. */
function dyingClient(transactions: number): DynamoDBDocumentClient {
  let sent = 0;
  const send = (async (command: unknown) => {
    if (command instanceof TransactWriteCommand) {
      if (sent >= transactions) throw new Died('killed');
      sent++;
    }
    return doc.send(command as never);
  }) as DynamoDBDocumentClient['send'];
  return Object.assign(Object.create(doc) as DynamoDBDocumentClient, { send });
}

async function bulk(store: StateStore, pk: string): Promise<void> {
  const tx = store.unitOfWork();
  tx.addToCounter({ pk, sk: '~USAGE' }, 'used', 250, 1000);
  for (let i = 0; i < 250; i++) {
    tx.group();
    tx.create({ pk, sk: `item-${String(i).padStart(4, '0')}` }, { i });
  }
  await tx.commit();
}

const healthy = () => new DynamoStateStore(tableName, doc);
const items = (pk: string) => healthy().queryAll<{ sk: string; used?: number }>({ pk });
const journals = async () => (await healthy().queryDue(BATCH_DUE_KIND, '9999', 1000)).items.length;

describe('batch journal', () => {
  it('a process killed after the decision: recovery applies the rest, exactly once', async () => {
    const pk = `TEST#batch#${randomUUID()}`;
    await expect(bulk(new DynamoStateStore(tableName, dyingClient(1)), pk)).rejects.toBeInstanceOf(Died);
    expect((await items(pk)).length).toBeLessThan(251);
    // Two recoveries at once (start-up and a job, say): each chunk still applied once.
    await Promise.all([recoverBatches(healthy(), 0), recoverBatches(healthy(), 0)]);
    const after = await items(pk);
    expect(after.filter((x) => x.sk.startsWith('item-'))).toHaveLength(250);
    expect(after.find((x) => x.sk === '~USAGE')?.used).toBe(250);
    expect(await journals()).toBe(0);
  });

  it('a process killed between two later chunks: recovery continues from the marker', async () => {
    const pk = `TEST#batch#${randomUUID()}`;
    await expect(bulk(new DynamoStateStore(tableName, dyingClient(2)), pk)).rejects.toBeInstanceOf(Died);
    await recoverBatches(healthy(), 0);
    expect((await items(pk)).filter((x) => x.sk.startsWith('item-'))).toHaveLength(250);
    expect(await journals()).toBe(0);
  });

  it('a process killed before the decision: nothing of the unit exists, the journal goes', async () => {
    const pk = `TEST#batch#${randomUUID()}`;
    await expect(bulk(new DynamoStateStore(tableName, dyingClient(0)), pk)).rejects.toBeInstanceOf(Died);
    await recoverBatches(healthy(), 0);
    expect(await items(pk)).toHaveLength(0);
    expect(await journals()).toBe(0);
  });

  it('recovery leaves a batch younger than its lease alone', async () => {
    const pk = `TEST#batch#${randomUUID()}`;
    await expect(bulk(new DynamoStateStore(tableName, dyingClient(1)), pk)).rejects.toBeInstanceOf(Died);
    expect(await recoverBatches(healthy(), 60_000)).toEqual({ rolledForward: 0, removed: 0 });
    expect(await recoverBatches(healthy(), 0)).toEqual({ rolledForward: 1, removed: 0 });
    expect((await items(pk)).filter((x) => x.sk.startsWith('item-'))).toHaveLength(250);
  });
});
