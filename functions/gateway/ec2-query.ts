import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { readHttpEvent } from '../../shared/protocol/http';
import { dispatchEc2, ec2Error } from '../../shared/protocol/ec2/dispatch';
import { readEc2Request } from '../../shared/protocol/ec2/request';
import { checkFlatNameDepth, oversizedBody } from '../../shared/protocol/request-guards';
import { StateStore } from '../../shared/store/state-store';

const store = new StateStore();

/**
 * The EC2 Query front door at `/ec2` and `/ec2/` (the JS SDK adds the slash), as the AWS CLI
 * and SDKs call it with `--endpoint-url http://host:port/ec2`: form-encoded POST, SigV4 for
 * service `ec2`, XML answers. It dispatches to the same action declarations as the ECS door.
 */
export const handler = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
  const tooLarge = oversizedBody(event);
  if (tooLarge) return tooLarge;
  // EC2 request ids are lowercase UUIDs.
  const requestId = randomUUID();
  try {
    const http = readHttpEvent(event);
    const request = readEc2Request(http);
    checkFlatNameDepth(request.params);
    return await dispatchEc2(store, { requestId, sourceIp: http.sourceIp, request });
  } catch (e) {
    return ec2Error(requestId, e);
  }
};
