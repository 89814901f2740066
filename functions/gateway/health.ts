import middy from '@middy/core';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { loggerContext } from '../../shared/middleware/logger-context';
import { middyOptions } from '../../shared/middleware/middy-options';
import { renderErrors } from '../../shared/middleware/render-errors';
import { config } from '../../shared/platform/config';
import { jsonResponse } from '../../shared/protocol/http';
import { DynamoStateStore } from '../../shared/store/dynamo-state-store';
import { Keys } from '../../shared/store/keys';

const store = new DynamoStateStore();

/**
 * `GET /health`, without auth: 200 once the state table answers and the
 * default account exists (the start script seeds it), 503 before.
 */
async function health(): Promise<APIGatewayProxyStructuredResultV2> {
  const account = await store.get(Keys.account(config.defaultAccountId));
  if (!account) return jsonResponse(503, { Status: 'starting', Reason: 'default account not seeded yet' });
  return jsonResponse(200, { Status: 'ok' });
}

export const handler = middy(health, middyOptions)
  .use(loggerContext())
  // Not logged as a fault: until DynamoDB Local is up, an unreachable table is the expected answer.
  .use(renderErrors(() => jsonResponse(503, { Status: 'starting', Reason: 'state table not reachable' })));
