import { randomUUID } from 'node:crypto';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { logUnexpectedErrors } from '../../shared/middleware/log-unexpected-errors';
import { loggerContext } from '../../shared/middleware/logger-context';
import { middyOptions } from '../../shared/middleware/middy-options';
import { renderErrors } from '../../shared/middleware/render-errors';
import { requestId, type RequestContext } from '../../shared/middleware/request-id';
import { readHttpEvent } from '../../shared/protocol/http';
import { dispatchEc2, ec2Error } from '../../shared/protocol/ec2/dispatch';
import { readEc2Request } from '../../shared/protocol/ec2/request';
import { answerSsm, isSsmRequest } from '../../shared/protocol/ec2/ssm';
import { answerGetCallerIdentity, isGetCallerIdentity } from '../../shared/protocol/ec2/sts';
import { checkFlatNameDepth } from '../../shared/protocol/request-guards';
import { requestGuards } from '../../shared/middleware/request-guards';
import { DynamoStateStore } from '../../shared/store/dynamo-state-store';

const store = new DynamoStateStore();

/**
 * The EC2 Query front door at `/ec2` and `/ec2/` (the JS SDK adds the slash), as the AWS CLI
 * and SDKs call it with `--endpoint-url http://host:port/ec2`: form-encoded POST, SigV4 for
 * service `ec2`, XML answers. It dispatches to the same action declarations as the ECS door.
 * Two other AWS services' calls that EC2 tools make through the same endpoint are answered here
 * too: STS GetCallerIdentity and SSM's public AMI parameters (docs/ssm-parameters.md).
 */
async function ec2Query(event: APIGatewayProxyEventV2, context: RequestContext): Promise<APIGatewayProxyStructuredResultV2> {
  const http = readHttpEvent(event);
  if (isGetCallerIdentity(http)) return answerGetCallerIdentity(store, http, context.requestId);
  if (isSsmRequest(http)) return answerSsm(store, http, context.requestId);
  const request = readEc2Request(http);
  checkFlatNameDepth(request.params);
  return dispatchEc2(store, { requestId: context.requestId, sourceIp: http.sourceIp, request });
}

export const handler = middy(ec2Query, middyOptions)
  .use(loggerContext())
  // EC2 request ids are lowercase UUIDs.
  .use(requestId(randomUUID))
  .use(requestGuards())
  .use(logUnexpectedErrors())
  .use(renderErrors((e, id) => ec2Error(id, e)));
