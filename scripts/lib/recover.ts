import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { recoverBatches, type RecoveryReport } from '../../shared/store/batch-recovery';
import { DynamoStateStore } from '../../shared/store/dynamo-state-store';

/**
 * At start-up, before any handler runs: finish or remove every unit of work a
 * crash interrupted (docs/atomicity.md). Nothing else is running yet, so no
 * batch is too young to touch.
 */
export async function recoverAtStart(client: DynamoDBClient, stateTable: string): Promise<RecoveryReport> {
  const store = new DynamoStateStore(stateTable, DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }));
  return recoverBatches(store, 0);
}
