import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { config } from '../../shared/platform/config';
import { jsonResponse } from '../../shared/protocol/http';
import { StateStore } from '../../shared/store/state-store';
import { Keys } from '../../shared/store/keys';

const store = new StateStore();

/**
 * `GET /health`, without auth: 200 once the state table answers and the
 * default account exists (the start script seeds it), 503 before.
 */
export const handler = async (): Promise<APIGatewayProxyStructuredResultV2> => {
  try {
    const account = await store.get(Keys.account(config.defaultAccountId));
    if (!account) return jsonResponse(503, { Status: 'starting', Reason: 'default account not seeded yet' });
    return jsonResponse(200, { Status: 'ok' });
  } catch {
    return jsonResponse(503, { Status: 'starting', Reason: 'state table not reachable' });
  }
};
