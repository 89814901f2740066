import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { JOBS_LEASE_KEY } from '../../shared/store/jobs-lease';
import { recoverBatches, type RecoveryReport } from '../../shared/store/batch-recovery';
import { DynamoStateStore } from '../../shared/store/dynamo-state-store';

/**
 * At start-up, before the stack reports ready: finish or remove every unit of work a
 * crash interrupted (docs/atomicity.md). serverless-offline starts alongside, so a client
 * that calls before the banner could have a unit of work under way: only the batches begun
 * before this start (`startedAtMs`) are touched; a younger one is a live request's.
 */
export async function recoverAtStart(client: DynamoDBClient, stateTable: string, viewsTable: string, startedAtMs: number): Promise<RecoveryReport> {
  const db = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  // A jobs lease left by a killed run would hold the ticker back until it expires; the ticker starts after this.
  await db.send(new DeleteCommand({ TableName: viewsTable, Key: JOBS_LEASE_KEY }));
  return recoverBatches(new DynamoStateStore(stateTable, db), Math.max(0, Date.now() - startedAtMs));
}
