import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  type CreateTableCommandInput,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import { stateTableDefinition, TTL_ATTRIBUTE, viewsTableDefinition } from '../../shared/store/table-definitions';

export interface TableNames {
  state: string;
  views: string;
}

/** The table names serverless.yml gives a stage (`<service>-<stage>-state`). */
export const tableNamesForStage = (stage: string): TableNames => ({
  state: `compute-sandbox-${stage}-state`,
  views: `compute-sandbox-${stage}-views`,
});

/**
 * Create the tables, or bring existing ones up to date (missing indexes are
 * added, the stream and TTL switched on): safe to run at every start.
 */
export async function ensureTables(client: DynamoDBClient, names: TableNames): Promise<void> {
  // Side by side: DynamoDB Local creates the two tables (and their indexes) independently, and
  // this step sits on the start-up's critical path (README "Start-up").
  await Promise.all([ensureTable(client, stateTableDefinition(names.state), true), ensureTable(client, viewsTableDefinition(names.views), true)]);
}

async function ensureTable(client: DynamoDBClient, def: CreateTableCommandInput, withTtl: boolean): Promise<void> {
  const name = def.TableName!;
  const existing = await describe(client, name);
  let upToDate = false;
  if (!existing) {
    await client.send(new CreateTableCommand(def));
  } else {
    const have = new Set((existing.GlobalSecondaryIndexes ?? []).map((g) => g.IndexName));
    for (const gsi of def.GlobalSecondaryIndexes ?? []) {
      if (have.has(gsi.IndexName)) continue;
      await client.send(
        new UpdateTableCommand({
          TableName: name,
          AttributeDefinitions: def.AttributeDefinitions,
          GlobalSecondaryIndexUpdates: [{ Create: gsi }],
        }),
      );
    }
    if (def.StreamSpecification?.StreamEnabled && !existing.StreamSpecification?.StreamEnabled) {
      await client.send(new UpdateTableCommand({ TableName: name, StreamSpecification: def.StreamSpecification }));
    } else {
      upToDate = (def.GlobalSecondaryIndexes ?? []).every((g) => have.has(g.IndexName)) && isActive(existing);
    }
  }
  // A restart usually finds the tables as they should be: no second DescribeTable then.
  if (!upToDate) await waitActive(client, name);
  if (withTtl) {
    const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: name }));
    if (ttl.TimeToLiveDescription?.TimeToLiveStatus !== 'ENABLED') {
      await client.send(
        new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true } }),
      );
    }
  }
}

async function describe(client: DynamoDBClient, name: string) {
  try {
    return (await client.send(new DescribeTableCommand({ TableName: name }))).Table;
  } catch (e) {
    if ((e as { name?: string }).name === 'ResourceNotFoundException') return undefined;
    throw e;
  }
}

function isActive(t: TableDescription): boolean {
  return t.TableStatus === 'ACTIVE' && (t.GlobalSecondaryIndexes ?? []).every((g) => g.IndexStatus === 'ACTIVE');
}

async function waitActive(client: DynamoDBClient, name: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    const t = await describe(client, name);
    if (t && isActive(t)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`table ${name} did not become ACTIVE`);
}
