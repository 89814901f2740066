import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { config } from '../platform/config';

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
  cached = DynamoDBDocumentClient.from(raw, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: true },
  });
  return cached;
}
