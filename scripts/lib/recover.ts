import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { JOBS_LEASE_KEY } from '../../shared/store/jobs-lease';
import { recoverBatches, type RecoveryReport } from '../../shared/store/batch-recovery';
import { StateStore } from '../../shared/store/state-store';

/**
 * At start-up, before any handler runs: finish or remove every unit of work a
 * crash interrupted (docs/atomicity.md). Nothing else is running yet, so no
 * batch is too young to touch, and no jobs lease is held.
 */
export async function recoverAtStart(client: DynamoDBClient, stateTable: string, viewsTable: string): Promise<RecoveryReport> {
  const db = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  // A jobs lease left by a killed run would hold the ticker back until it expires; nobody holds one yet.
  await db.send(new DeleteCommand({ TableName: viewsTable, Key: JOBS_LEASE_KEY }));
  return recoverBatches(new StateStore(stateTable, db), 0);
}
