import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { timingSafeEqual } from 'node:crypto';
import { isApiError } from '../domain/errors';
import { config } from '../platform/config';
import { ControlError } from '../protocol/control-plane/control-error';
import { identifyBearerCaller } from '../protocol/ecs/identify-caller';
import { readHttpEvent } from '../protocol/http';
import type { StateStore } from '../store/state-store';

const sameSecret = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * The control plane's authentication (README "Control plane"): the operator's key, either as HTTP
 * Basic (`curl -u KeyId:Secret`, RFC 7617) or as `Authorization: Bearer <operator secret>` (RFC
 * 6750's header; the operator key is never stored, so there is no issued token for it), or an API
 * token issued to the operator. Runs before the handler; a refusal is a ControlError the error
 * renderer answers. `isOpen` names the requests that need no credentials (the health check).
 */
export function operatorAuthentication(
  store: StateStore,
  isOpen: (event: APIGatewayProxyEventV2) => boolean,
): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> {
  return {
    name: 'operatorAuthentication',
    before: async (request) => {
      if (!isOpen(request.event)) await authenticate(readHttpEvent(request.event).headers.authorization ?? '', store);
    },
  };
}

async function authenticate(authorization: string, store: StateStore): Promise<void> {
  const basic = /^Basic\s+(\S+)$/i.exec(authorization);
  if (basic) {
    const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0 && decoded.slice(0, colon) === config.adminAccessKeyId && sameSecret(decoded.slice(colon + 1), config.adminAccessKeySecret)) return;
    throw new ControlError(401, 'InvalidCredentials', 'The operator access key id or secret is wrong.');
  }
  const bearer = /^Bearer\s+(\S+)$/i.exec(authorization);
  if (bearer) {
    if (sameSecret(bearer[1]!, config.adminAccessKeySecret)) return;
    try {
      const caller = await identifyBearerCaller(bearer[1]!, store);
      if (caller.kind === 'operator') return;
    } catch (e) {
      if (!isApiError(e)) throw e;
      throw new ControlError(401, 'InvalidApiToken.NotFound', 'The specified API token is not valid.');
    }
    throw new ControlError(403, 'Forbidden', 'The control plane is for the sandbox operator; this token belongs to an account key.');
  }
  throw new ControlError(
    401,
    'MissingCredentials',
    'Authenticate with the operator key: HTTP Basic (KeyId:Secret) or Authorization: Bearer <operator secret>.',
  );
}
