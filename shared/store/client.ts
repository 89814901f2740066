import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { config } from '../platform/config';
import { timed } from '../platform/request-timing';

let cached: DynamoDBDocumentClient | undefined;

/** One document client per Lambda container, pointed at DynamoDB Local when configured. */
export function documentClient(): DynamoDBDocumentClient {
  if (cached) return cached;
  const raw = new DynamoDBClient({
    region: config.awsRegion,
    ...(config.dynamoEndpoint
      ? {
          endpoint: config.dynamoEndpoint,
          // DynamoDB Local accepts any credentials; these keep the SDK from searching for a profile.
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        }
      : {}),
  });
  timeStoreCalls(raw);
  cached = DynamoDBDocumentClient.from(raw, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: true },
  });
  return cached;
}

/** The commands that change items; every other command reads (GetItem, BatchGetItem, Query, TransactGetItems, and the control plane's whole-table reads). */
const WRITES = new Set(['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand', 'BatchWriteItemCommand', 'TransactWriteItemsCommand']);

/**
 * Every DynamoDB call of a request counts as its `read` or `write` stage in the request's
 * Server-Timing header (shared/platform/request-timing.ts). A middleware of the client's own
 * stack (https://docs.aws.amazon.com/sdk-for-javascript/v3/developer-guide/middleware-stack.html),
 * so every call is timed, whichever repository makes it; retries are inside it.
 */
function timeStoreCalls(client: DynamoDBClient): void {
  client.middlewareStack.add((next, context) => (args) => timed(WRITES.has(String(context.commandName)) ? 'write' : 'read', () => next(args)), {
    step: 'initialize',
    name: 'sandboxServerTiming',
  });
}
