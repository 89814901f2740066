import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/**
 * The two tables, as CreateTable inputs. The local start script and the test
 * harness create them from here; serverless.yml declares the same tables for
 * CloudFormation, and tests/integration/cloudformation.test.ts checks the two agree.
 *
 * State table: every API read is a GetItem or a Query on (pk, sk). The sparse
 * index `byDue` holds only timer items (one per pending job: auto-release,
 * expiry, state transition, ...), keyed by job kind and due time, so sweeps
 * Query what is due and never Scan.
 */
/** The sparse due-time index, same name and shape on both tables (StateStore.queryDue reads either). */
export const STATE_INDEX_BY_DUE = 'byDue';

/** Both tables: items keyed (pk, sk), plus the sparse `byDue` index on (dueKind, dueAt). */
function keyedTableWithDueIndex(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'S' },
      { AttributeName: 'dueKind', AttributeType: 'S' },
      { AttributeName: 'dueAt', AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: STATE_INDEX_BY_DUE,
        KeySchema: [
          { AttributeName: 'dueKind', KeyType: 'HASH' },
          { AttributeName: 'dueAt', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ],
  };
}

export function stateTableDefinition(tableName: string): CreateTableCommandInput {
  return { ...keyedTableWithDueIndex(tableName), StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' } };
}

/**
 * Derived views: written by the stream handler (and the webhook jobs); no
 * stream, so a handler never triggers itself. Its `byDue` index holds the
 * webhook deliveries waiting for a retry.
 */
export function viewsTableDefinition(tableName: string): CreateTableCommandInput {
  return keyedTableWithDueIndex(tableName);
}

/** Attribute holding the expiry epoch seconds of short-lived items (nonces, client tokens). */
export const TTL_ATTRIBUTE = 'expiresAt';
