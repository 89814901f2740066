import { expect } from 'vitest';
import type http from 'node:http';
import { ApiError } from '../../shared/domain/errors';
import { v1Sign, v1StringToSign } from '../../shared/protocol/ecs/signature-v1';
import { EMPTY_BODY_SHA256, v3CanonicalRequest, v3Sign } from '../../shared/protocol/ecs/signature-v3';
import type { SignedRequest } from '../../shared/protocol/ecs/authenticate';
import { decodeQueryString } from '../../shared/protocol/ecs/wire-params';

/*
 * Signed ECS requests built by hand (V1 and V3), and what the front door makes of a raw Node
 * request: shared by the ecs-signature unit tests.
 */
/** Run fn and return the ApiError it throws (fails the test if it throws anything else or nothing). */
export function apiError(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError);
    return e as ApiError;
  }
  throw new Error('expected an ApiError, nothing was thrown');
}

export interface Capture {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** What the front door will do with a raw Node request. */
export function toSignedRequest(c: Capture): SignedRequest {
  const q = c.url.indexOf('?');
  const path = q < 0 ? c.url : c.url.slice(0, q);
  const rawQuery = q < 0 ? '' : c.url.slice(q + 1);
  const isForm = String(c.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
  return {
    method: c.method,
    path,
    query: decodeQueryString(rawQuery),
    form: isForm ? decodeQueryString(c.body) : {},
    headers: c.headers as Record<string, string | undefined>,
    rawBody: c.body,
  };
}

export const now = Date.UTC(2024, 4, 1, 12, 0, 0);
export const nowIso = '2024-05-01T12:00:00Z';

/** A hand-built, correctly signed V3 request. */
export function v3Request(secret = 'testsecret', overrides: Partial<SignedRequest> = {}): SignedRequest {
  const headers: Record<string, string> = {
    host: 'ecs.cn-hangzhou.aliyuncs.com',
    'x-acs-action': 'DescribeRegions',
    'x-acs-version': '2014-05-26',
    'x-acs-date': nowIso,
    'x-acs-signature-nonce': 'a'.repeat(64),
    'x-acs-content-sha256': EMPTY_BODY_SHA256,
    'x-acs-credentials-provider': 'static_ak',
    accept: 'application/json',
  };
  const signedHeaders = Object.keys(headers)
    .filter((h) => h.startsWith('x-acs-') || h === 'host')
    .sort();
  const query = { RegionId: 'cn-hangzhou', ImageName: "img 1*(x)!'~" };
  const cr = v3CanonicalRequest({
    method: 'POST',
    path: '/',
    query,
    headers,
    signedHeaders,
    payloadHash: EMPTY_BODY_SHA256,
  });
  headers.authorization = `ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=${signedHeaders.join(';')},Signature=${v3Sign(secret, cr)}`;
  return { method: 'POST', path: '/', query, form: {}, headers, rawBody: '', ...overrides };
}

export const V1_VECTOR_PARAMS = {
  AccessKeyId: 'testid',
  Action: 'DescribeRegions',
  Format: 'XML',
  SignatureMethod: 'HMAC-SHA1',
  SignatureNonce: '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf',
  SignatureVersion: '1.0',
  Timestamp: '2016-02-23T12:46:24Z',
  Version: '2014-05-26',
};
export const V1_VECTOR_STS =
  'GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26';

export function v1Request(secret = 'testsecret', extra: Record<string, string> = {}): SignedRequest {
  const params: Record<string, string> = {
    AccessKeyId: 'testid',
    Action: 'DescribeImages',
    Format: 'json',
    Version: '2014-05-26',
    SignatureMethod: 'HMAC-SHA1',
    SignatureVersion: '1.0',
    SignatureNonce: 'nonce-1',
    Timestamp: nowIso,
    RegionId: 'cn-hangzhou',
    ...extra,
  };
  params.Signature = v1Sign(secret, v1StringToSign('POST', params));
  return { method: 'POST', path: '/', query: params, form: {}, headers: {}, rawBody: '' };
}
