import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { HttpRequest } from '../http';
import { decodeQueryString } from '../ecs/wire-params';
import type { StateStore } from '../../store/state-store';
import { ec2Error } from './dispatch';
import { identifyEc2Caller } from './request';
import { timed } from '../../platform/request-timing';

/**
 * STS GetCallerIdentity (https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html)
 * on the EC2 door: the one STS call EC2 tools make to learn their account id (Ansible's
 * ec2_security_group does before anything else, through the same endpoint_url). SigV4 for
 * service `sts`, the same keys; the account's root ARN. No other STS or IAM action exists here.
 */
const STS_VERSION = '2011-06-15';

function paramsOf(http: HttpRequest): Record<string, string> {
  const form = http.method === 'POST' ? decodeQueryString(http.rawBody) : {};
  return { ...decodeQueryString(http.rawQuery), ...form };
}

export function isGetCallerIdentity(http: HttpRequest): boolean {
  const p = paramsOf(http);
  return p.Action === 'GetCallerIdentity' && p.Version === STS_VERSION;
}

export async function answerGetCallerIdentity(store: StateStore, http: HttpRequest, requestId: string): Promise<APIGatewayProxyStructuredResultV2> {
  try {
    const { caller } = await timed('auth', () =>
      identifyEc2Caller({ method: http.method, path: http.path, rawQuery: http.rawQuery, headers: http.headers, rawBody: http.rawBody }, store, 'sts'),
    );
    const account = caller.kind === 'account' ? caller.accountId : '000000000000';
    const body =
      `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/${STS_VERSION}/"><GetCallerIdentityResult>` +
      `<Arn>arn:aws:iam::${account}:root</Arn><UserId>${account}</UserId><Account>${account}</Account>` +
      `</GetCallerIdentityResult><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></GetCallerIdentityResponse>`;
    return { statusCode: 200, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId }, body };
  } catch (e) {
    return ec2Error(requestId, e);
  }
}
