/**
 * The floor: raw DynamoDB Local latency on the very DynamoDB Local the
 * sandbox uses, measured in the same run with @aws-sdk/client-dynamodb. No
 * front door call can be cheaper than the DynamoDB round trips it makes, so
 * rows report their p50 as a multiple of these.
 */
import { GetItemCommand, QueryCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Keys } from '../../shared/store/keys';
import { measureLatencyInterleaved, measureThroughput, rowFrom, summarize, type BenchSettings, type Floors, type ResultRow } from './harness';

export interface FloorTarget {
  dynamo: DynamoDBClient;
  stateTable: string;
  /** An item that exists (the default account's access key: what every signed call reads first). */
  getKey: { pk: string; sk: string };
  /** A partition to Query (the account's image partition: what DescribeImages reads). */
  queryPk: string;
}

export function defaultFloorTarget(dynamo: DynamoDBClient, stateTable: string, accessKeyId: string, accountId: string): FloorTarget {
  return {
    dynamo,
    stateTable,
    getKey: Keys.accessKey(accessKeyId),
    queryPk: Keys.resourcePartition(accountId, 'cn-hangzhou', 'image'),
  };
}

/** The two raw calls: a GetItem of an existing item, a Query of one partition. */
export function floorOps(t: FloorTarget): { getItem: () => Promise<void>; query: () => Promise<void> } {
  return {
    getItem: async () => {
      const out = await t.dynamo.send(
        new GetItemCommand({ TableName: t.stateTable, Key: { pk: { S: t.getKey.pk }, sk: { S: t.getKey.sk } } }),
      );
      if (!out.Item) throw new Error(`floor item ${t.getKey.pk} is missing`);
    },
    query: async () => {
      await t.dynamo.send(
        new QueryCommand({
          TableName: t.stateTable,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': { S: t.queryPk } },
        }),
      );
    },
  };
}

/**
 * The floor rows: sequential latency of GetItem and Query, interleaved (get,
 * query, get, ...) so both see the same moments, then each one's throughput.
 */
export async function measureFloors(t: FloorTarget, settings: BenchSettings): Promise<{ rows: ResultRow[]; floors: Floors }> {
  const ops = floorOps(t);
  const none: Floors = { getItemP50: null, queryP50: null };
  const [gLat, qLat] = await measureLatencyInterleaved([ops.getItem, ops.query], {
    warmup: settings.warmup,
    n: settings.n,
    maxSeconds: settings.latencyMaxSeconds,
  });
  const tp = (fn: () => Promise<void>) =>
    measureThroughput(fn, { workers: settings.workers, seconds: settings.floorThroughputSeconds, warmupSeconds: settings.throughputWarmupSeconds });
  const gTp = await tp(ops.getItem);
  const qTp = await tp(ops.query);
  const getRow = rowFrom(
    { name: 'DynamoDB GetItem', group: 'floor', description: `GetItem of one small item (${t.getKey.pk.split('#')[0]}#…) on the state table` },
    gLat!,
    gTp,
    settings.workers,
    none,
    false,
  );
  const queryRow = rowFrom(
    { name: 'DynamoDB Query', group: 'floor', description: `Query of one partition (${t.queryPk.split('#')[0]}#…#image, empty) on the state table` },
    qLat!,
    qTp,
    settings.workers,
    none,
    false,
  );
  const floors: Floors = { getItemP50: getRow.p50Ms, queryP50: queryRow.p50Ms };
  getRow.ratioToGetItemP50 = 1;
  queryRow.ratioToGetItemP50 = floors.getItemP50 && queryRow.p50Ms !== null ? queryRow.p50Ms / floors.getItemP50 : null;
  queryRow.ratioToQueryP50 = 1;
  return { rows: [getRow, queryRow], floors };
}

/** A short floor sample (n of each call, sequential), taken next to a scenario. */
export interface FloorSample {
  getItem: number[];
  query: number[];
}

export async function sampleFloor(t: FloorTarget, n: number): Promise<FloorSample> {
  const ops = floorOps(t);
  const [g, q] = await measureLatencyInterleaved([ops.getItem, ops.query], { warmup: 3, n });
  return { getItem: g!.samples, query: q!.samples };
}

export function floorsOf(...samples: FloorSample[]): Floors {
  return {
    getItemP50: summarize(samples.flatMap((s) => s.getItem)).p50,
    queryP50: summarize(samples.flatMap((s) => s.query)).p50,
  };
}

/**
 * A raw Query of the first `limit` items of one partition, read whole as the
 * sandbox reads them: the honest floor of a page that returns those items.
 */
export function sameItemsQuery(dynamo: DynamoDBClient, stateTable: string, pk: string, limit: number): () => Promise<void> {
  return async () => {
    const out = await dynamo.send(
      new QueryCommand({ TableName: stateTable, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': { S: pk } }, Limit: limit }),
    );
    if ((out.Items?.length ?? 0) < Math.min(limit, 1)) throw new Error(`the floor partition ${pk} is empty`);
  };
}
