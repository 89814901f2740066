import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  ListTablesCommand,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  type CreateTableCommandInput,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
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
export async function ensureTables(client: DynamoDBClient, names: TableNames, opts: { markerFile?: string } = {}): Promise<'checked' | 'known'> {
  const definitions = [stateTableDefinition(names.state), viewsTableDefinition(names.views)];
  // A restart on kept data: the data folder remembers the definitions it last brought the tables up
  // to, so one ListTables replaces two DescribeTable and two DescribeTimeToLive calls on a JVM that
  // has just started (this step sits on the start-up's critical path, README "Start-up").
  const stamp = createHash('sha256').update(JSON.stringify(definitions)).digest('hex');
  if (opts.markerFile && readMarker(opts.markerFile) === stamp && (await bothListed(client, names))) return 'known';
  // Side by side: DynamoDB Local creates the two tables (and their indexes) independently.
  await Promise.all(definitions.map((def) => ensureTable(client, def, true)));
  if (opts.markerFile) writeFileSync(opts.markerFile, stamp);
  return 'checked';
}

function readMarker(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

async function bothListed(client: DynamoDBClient, names: TableNames): Promise<boolean> {
  const listed = new Set<string>();
  let start: string | undefined;
  do {
    const page = await client.send(new ListTablesCommand({ ExclusiveStartTableName: start }));
    for (const n of page.TableNames ?? []) listed.add(n);
    start = page.LastEvaluatedTableName;
  } while (start);
  return listed.has(names.state) && listed.has(names.views);
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
      await client.send(new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true } }));
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
