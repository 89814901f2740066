import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll } from 'vitest';
import { sandbox } from '../support/sandbox';
import { DynamoStateStore } from '../../shared/store/dynamo-state-store';
import { describeStateStoreContract } from '../contract/state-store-contract';

// The same assertions run against the in-memory store in tests/unit/memory-state-store.test.ts.
let raw: DynamoDBClient;
let store: DynamoStateStore;

beforeAll(() => {
  const { dynamoEndpoint, stateTable } = sandbox();
  raw = new DynamoDBClient({ endpoint: dynamoEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  store = new DynamoStateStore(
    stateTable,
    DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: true } }),
  );
});
afterAll(() => raw?.destroy());

describeStateStoreContract('DynamoDB Local', () => store);
