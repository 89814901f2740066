import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import * as EcsModule from '@alicloud/ecs20140526';
import { $OpenApiUtil, OpenApiUtil } from '@alicloud/openapi-core';
import { ApiError } from '../../shared/domain/errors';
import { percentEncode } from '../../shared/protocol/ecs/rfc3986';
import { v1Sign, v1StringToSign } from '../../shared/protocol/ecs/signature-v1';
import {
  EMPTY_BODY_SHA256,
  parseV3Authorization,
  sha256Hex,
  v3CanonicalRequest,
  v3Sign,
} from '../../shared/protocol/ecs/signature-v3';
import {
  checkTimestamp,
  readCredentials,
  verifySignature,
  type SignedRequest,
} from '../../shared/protocol/ecs/authenticate';
import { decodeQueryString } from '../../shared/protocol/ecs/wire-params';

// ---------------------------------------------------------------------------------------------
// helpers

/** Run fn and return the ApiError it throws (fails the test if it throws anything else or nothing). */
function apiError(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError);
    return e as ApiError;
  }
  throw new Error('expected an ApiError, nothing was thrown');
}

interface Capture {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** What the front door will do with a raw Node request. */
function toSignedRequest(c: Capture): SignedRequest {
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

const now = Date.UTC(2024, 4, 1, 12, 0, 0);
const nowIso = '2024-05-01T12:00:00Z';

/** A hand-built, correctly signed V3 request. */
function v3Request(secret = 'testsecret', overrides: Partial<SignedRequest> = {}): SignedRequest {
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

const V1_VECTOR_PARAMS = {
  AccessKeyId: 'testid',
  Action: 'DescribeRegions',
  Format: 'XML',
  SignatureMethod: 'HMAC-SHA1',
  SignatureNonce: '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf',
  SignatureVersion: '1.0',
  Timestamp: '2016-02-23T12:46:24Z',
  Version: '2014-05-26',
};
const V1_VECTOR_STS =
  'GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26';

function v1Request(secret = 'testsecret', extra: Record<string, string> = {}): SignedRequest {
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

// ---------------------------------------------------------------------------------------------

describe('percentEncode (RFC 3986)', () => {
  it.each([
    ['AZaz09-_.~', 'AZaz09-_.~'],
    ['a b', 'a%20b'],
    ['*', '%2A'],
    ["!'()", '%21%27%28%29'],
    ['~', '~'],
    ['+', '%2B'],
    ['/', '%2F'],
    ['=&', '%3D%26'],
    [':', '%3A'],
    ['%', '%25'],
    ['é', '%C3%A9'],
    ['日本', '%E6%97%A5%E6%9C%AC'],
    ['😀', '%F0%9F%98%80'],
    ['\uD800', '%EF%BF%BD'], // lone surrogate: U+FFFD instead of a URIError
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(percentEncode(input)).toBe(expected);
  });
});

describe('decodeQueryString', () => {
  it('decodes Node querystring output (which leaves !\'()* raw) and treats + as space', () => {
    expect(decodeQueryString("ImageName=img%201*(x)!'~&A=%2B&B=a+b&C=&D")).toEqual({
      ImageName: "img 1*(x)!'~",
      A: '+',
      B: 'a b',
      C: '',
      D: '',
    });
  });
  it('last value wins, leading ? ignored, malformed escapes kept, no prototype pollution', () => {
    const d = decodeQueryString('?a=1&a=2&b=%ZZ&c=%&__proto__=x&constructor=y');
    expect(d.a).toBe('2');
    expect(d.b).toBe('%ZZ');
    expect(d.c).toBe('%');
    expect(Object.prototype.hasOwnProperty.call(d, '__proto__')).toBe(true);
    expect(d['__proto__']).toBe('x');
    expect(d.constructor).toBe('y');
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});

describe('signature V1', () => {
  it('matches the §1.3 test vector exactly', () => {
    const sts = v1StringToSign('GET', V1_VECTOR_PARAMS);
    expect(sts).toBe(V1_VECTOR_STS);
    expect(v1Sign('testsecret', sts)).toBe('OLeaidS1JvxuMvnyHOwuJ+uX5qY=');
    expect(OpenApiUtil.getRPCSignature(V1_VECTOR_PARAMS, 'GET', 'testsecret')).toBe('OLeaidS1JvxuMvnyHOwuJ+uX5qY=');
  });

  it('ignores a Signature entry in the params', () => {
    expect(v1StringToSign('GET', { ...V1_VECTOR_PARAMS, Signature: 'x' })).toBe(V1_VECTOR_STS);
  });

  it("agrees with the SDK's getRPCSignature on arbitrary parameters", () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ minLength: 1, unit: 'grapheme' }), fc.string({ unit: 'grapheme' }), {
          maxKeys: 8,
        }),
        fc.string(),
        fc.constantFrom('GET', 'POST'),
        (params, secret, method) => {
          const p = { ...params };
          delete p.Signature;
          // The SDK's flatMap assigns into a plain object, so it silently drops a "__proto__" name.
          delete p['__proto__'];
          expect(v1Sign(secret, v1StringToSign(method, p))).toBe(OpenApiUtil.getRPCSignature(p, method, secret));
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('signature V3', () => {
  it('parses the Authorization header', () => {
    expect(
      parseV3Authorization(
        'ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=host;x-acs-date,Signature=' + 'ab'.repeat(32),
      ),
    ).toEqual({
      algorithm: 'ACS3-HMAC-SHA256',
      accessKeyId: 'testid',
      signedHeaders: ['host', 'x-acs-date'],
      signature: 'ab'.repeat(32),
    });
    // blanks after commas are tolerated, field order is free
    expect(
      parseV3Authorization('ACS3-HMAC-SHA256 Signature=00, Credential=k ,SignedHeaders=host').accessKeyId,
    ).toBe('k');
  });

  it.each([
    '',
    'ACS3-HMAC-SHA256',
    'ACS3-HMAC-SHA256 ',
    'ACS3-HMAC-SHA256 Credential=testid',
    'ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=host',
    'ACS3-HMAC-SHA256 Credential=testid,Signature=00',
    'ACS3-HMAC-SHA256 SignedHeaders=host,Signature=00',
    'ACS3-HMAC-SHA256 Credential=,SignedHeaders=host,Signature=00',
    'ACS3-HMAC-SHA256 Credential=a,SignedHeaders=host;;x-acs-date,Signature=00',
    'ACS3-HMAC-SHA256 Credential=a,SignedHeaders=host;host,Signature=00',
    'ACS3-HMAC-SHA256 Credential=a,Credential=b,SignedHeaders=host,Signature=00',
    'ACS3-HMAC-SHA256 Credential=a,SignedHeaders=host,Signature=00,Foo=1',
    'ACS3-HMAC-SHA256 Credential=a SignedHeaders=host Signature=00',
  ])('rejects %j with IncompleteSignature', (header) => {
    expect(apiError(() => parseV3Authorization(header)).code).toBe('IncompleteSignature');
  });

  it("builds the same Authorization as the SDK's getAuthorization", () => {
    const headers: Record<string, string> = {
      host: 'example.com:8080',
      'x-acs-action': 'RunInstances',
      'x-acs-version': '2014-05-26',
      'x-acs-date': nowIso,
      'x-acs-signature-nonce': 'n0nce',
      'x-acs-content-sha256': EMPTY_BODY_SHA256,
      'content-type': 'application/json',
      'user-agent': 'not signed',
    };
    const query = { 'Tag.1.Key': 'k k', 'Tag.1.Value': "v*(x)!'~", RegionId: 'cn-hangzhou', Empty: '' };
    const sdk = OpenApiUtil.getAuthorization(
      { method: 'POST', pathname: '/', query, headers } as never,
      'ACS3-HMAC-SHA256',
      EMPTY_BODY_SHA256,
      'testid',
      'testsecret',
    );
    const parsed = parseV3Authorization(sdk);
    expect(parsed.signedHeaders).toEqual([
      'content-type',
      'host',
      'x-acs-action',
      'x-acs-content-sha256',
      'x-acs-date',
      'x-acs-signature-nonce',
      'x-acs-version',
    ]);
    const cr = v3CanonicalRequest({
      method: 'POST',
      path: '/',
      query,
      headers,
      signedHeaders: parsed.signedHeaders,
      payloadHash: EMPTY_BODY_SHA256,
    });
    expect(v3Sign('testsecret', cr)).toBe(parsed.signature);
    expect(cr.split('\n').slice(0, 3)).toEqual([
      'POST',
      '/',
      "Empty=&RegionId=cn-hangzhou&Tag.1.Key=k%20k&Tag.1.Value=v%2A%28x%29%21%27~",
    ]);
  });

  it('round-trips through readCredentials + verifySignature', () => {
    const req = v3Request();
    const creds = readCredentials(req);
    expect(creds).toEqual({ version: 'v3', accessKeyId: 'testid', nonce: 'a'.repeat(64), timestamp: nowIso });
    expect(() => checkTimestamp(creds.timestamp, now)).not.toThrow();
    expect(() => verifySignature(req, creds, 'testsecret')).not.toThrow();
    expect(apiError(() => verifySignature(req, creds, 'wrong')).code).toBe('SignatureDoesNotMatch');
  });

  it('canonicalises repeated and mixed-case headers like the SDK (trim, sort, comma-join)', () => {
    const cr = v3CanonicalRequest({
      method: 'POST',
      path: '',
      query: {},
      headers: { 'x-acs-b': ['  2', '1 '], host: ' h ' },
      signedHeaders: ['host', 'X-Acs-B'],
      payloadHash: 'p',
    });
    expect(cr).toBe('POST\n/\n\nhost:h\nx-acs-b:1,2\n\nhost;x-acs-b\np');
  });

  it('detects a tampered signed header, query or method', () => {
    const base = v3Request();
    const creds = readCredentials(base);
    const tampered: SignedRequest[] = [
      { ...base, headers: { ...base.headers, 'x-acs-action': 'DeleteInstance' } },
      { ...base, query: { ...base.query, RegionId: 'cn-beijing' } },
      { ...base, query: { ...base.query, Extra: '1' } },
      { ...base, method: 'GET' },
    ];
    for (const req of tampered) {
      expect(apiError(() => verifySignature(req, creds, 'testsecret')).code).toBe('SignatureDoesNotMatch');
    }
    // an unsigned header may change freely
    expect(() =>
      verifySignature({ ...base, headers: { ...base.headers, 'user-agent': 'x' } }, creds, 'testsecret'),
    ).not.toThrow();
  });

  it('rejects a body that does not match x-acs-content-sha256', () => {
    const base = v3Request();
    const creds = readCredentials(base);
    const e = apiError(() => verifySignature({ ...base, rawBody: 'Action=DeleteInstance' }, creds, 'testsecret'));
    expect(e.code).toBe('SignatureDoesNotMatch');
    expect(e.message).toContain('x-acs-content-sha256');
    expect(e.detail).toEqual({
      clientComputedContentSha256: EMPTY_BODY_SHA256,
      serverComputedContentSha256: sha256Hex('Action=DeleteInstance'),
    });
    // tampered header value with the original (empty) body
    const e2 = apiError(() =>
      verifySignature(
        { ...base, headers: { ...base.headers, 'x-acs-content-sha256': sha256Hex('x') } },
        creds,
        'testsecret',
      ),
    );
    expect(e2.code).toBe('SignatureDoesNotMatch');
    expect(e2.message).toContain('x-acs-content-sha256');
  });

  it('verifies a non-empty body whose hash is declared and signed', () => {
    const body = 'a=1&b=2';
    const headers: Record<string, string> = {
      host: 'h',
      'x-acs-action': 'A',
      'x-acs-version': 'V',
      'x-acs-date': nowIso,
      'x-acs-signature-nonce': 'n',
      'x-acs-content-sha256': sha256Hex(body),
      'content-type': 'application/x-www-form-urlencoded',
    };
    const signedHeaders = Object.keys(headers).sort();
    const sig = v3Sign(
      's',
      v3CanonicalRequest({ method: 'POST', path: '/', query: {}, headers, signedHeaders, payloadHash: sha256Hex(body) }),
    );
    headers.Authorization = `ACS3-HMAC-SHA256 Credential=k,SignedHeaders=${signedHeaders.join(';')},Signature=${sig}`;
    const req: SignedRequest = { method: 'POST', path: '/', query: {}, form: decodeQueryString(body), headers, rawBody: body };
    expect(() => verifySignature(req, readCredentials(req), 's')).not.toThrow();
  });
});

describe('readCredentials: malformed requests', () => {
  const v3 = v3Request();
  const withAuth = (authorization: string | undefined): SignedRequest => ({
    ...v3,
    headers: { ...v3.headers, authorization },
  });
  const code = (req: SignedRequest) => apiError(() => readCredentials(req)).code;

  it('unsigned request → MissingParameter (Signature)', () => {
    const e = apiError(() => readCredentials({ ...v3, headers: { ...v3.headers, authorization: undefined } }));
    expect(e.code).toBe('MissingParameter');
    expect(e.message).toContain('"Signature"');
  });

  it('missing Authorization pieces → IncompleteSignature', () => {
    const sig = 'ab'.repeat(32);
    expect(code(withAuth('ACS3-HMAC-SHA256'))).toBe('IncompleteSignature');
    expect(code(withAuth('ACS3-HMAC-SHA256 Credential=testid'))).toBe('IncompleteSignature');
    expect(code(withAuth(`ACS3-HMAC-SHA256 Credential=testid,Signature=${sig}`))).toBe('IncompleteSignature');
    expect(code(withAuth('ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=host,Signature='))).toBe(
      'IncompleteSignature',
    );
    expect(code(withAuth('Bearer abc'))).toBe('IncompleteSignature');
    // signature not 64 hex
    expect(code(withAuth('ACS3-HMAC-SHA256 Credential=t,SignedHeaders=host,Signature=xyz'))).toBe(
      'IncompleteSignature',
    );
  });

  it('SignedHeaders that leave out the nonce, or name a header not received → IncompleteSignature', () => {
    const sig = 'ab'.repeat(32);
    const e = apiError(() =>
      readCredentials(
        withAuth(
          `ACS3-HMAC-SHA256 Credential=t,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-version,Signature=${sig}`,
        ),
      ),
    );
    expect(e.code).toBe('IncompleteSignature');
    expect(e.message).toContain('x-acs-signature-nonce');
    const parsed = parseV3Authorization(String(v3.headers.authorization));
    expect(
      code(
        withAuth(
          `ACS3-HMAC-SHA256 Credential=t,SignedHeaders=${[...parsed.signedHeaders, 'x-acs-zzz'].join(';')},Signature=${sig}`,
        ),
      ),
    ).toBe('IncompleteSignature');
  });

  it('other ACS3 algorithms → InvalidSignatureMethod', () => {
    const a = String(v3.headers.authorization).replace('ACS3-HMAC-SHA256', 'ACS3-HMAC-SM3');
    expect(code(withAuth(a))).toBe('InvalidSignatureMethod');
  });

  it('missing V3 headers → MissingParameter naming the header', () => {
    for (const h of ['x-acs-date', 'x-acs-signature-nonce', 'x-acs-content-sha256']) {
      const e = apiError(() => readCredentials({ ...v3, headers: { ...v3.headers, [h]: undefined } }));
      expect(e.code).toBe('MissingParameter');
      expect(e.message).toContain(h);
    }
  });

  it('V1 malformations', () => {
    const ok = v1Request();
    const without = (k: string): SignedRequest => {
      const query = { ...ok.query };
      delete query[k];
      return { ...ok, query };
    };
    const withParam = (k: string, v: string): SignedRequest => ({ ...ok, query: { ...ok.query, [k]: v } });
    expect(readCredentials(ok)).toEqual({ version: 'v1', accessKeyId: 'testid', nonce: 'nonce-1', timestamp: nowIso });
    expect(code(without('AccessKeyId'))).toBe('MissingParameter');
    expect(code(without('SignatureMethod'))).toBe('MissingParameter');
    expect(code(without('SignatureVersion'))).toBe('MissingParameter');
    expect(code(without('SignatureNonce'))).toBe('MissingParameter');
    expect(code(without('Timestamp'))).toBe('IllegalTimestamp');
    expect(code(withParam('SignatureMethod', 'HMAC-SHA256'))).toBe('InvalidSignatureMethod');
    expect(code(withParam('SignatureVersion', '2.0'))).toBe('IncompleteSignature');
    expect(code(withParam('Signature', ''))).toBe('IncompleteSignature');
    // V1 + V3 on the same request is ambiguous
    expect(code({ ...ok, headers: { authorization: String(v3.headers.authorization) } })).toBe('IncompleteSignature');
  });

  it('V1 parameters in a form body are read and signed too', () => {
    const signed = v1Request('testsecret', { ImageName: 'a b' });
    const { Signature, AccessKeyId, ...rest } = signed.query;
    const req: SignedRequest = { ...signed, query: rest, form: { Signature: Signature!, AccessKeyId: AccessKeyId! } };
    const creds = readCredentials(req);
    expect(() => verifySignature(req, creds, 'testsecret')).not.toThrow();
  });
});

describe('V1 verify', () => {
  it('wrong secret → SignatureDoesNotMatch with the server string to sign', () => {
    const req = v1Request('testsecret', { ImageName: "img 1*(x)!'~" });
    const creds = readCredentials(req);
    expect(() => verifySignature(req, creds, 'testsecret')).not.toThrow();
    const e = apiError(() => verifySignature(req, creds, 'other'));
    expect(e.code).toBe('SignatureDoesNotMatch');
    expect(e.status).toBe(400);
    expect(e.message).toBe(
      `Specified signature is not matched with our calculation. server string to sign is:${v1StringToSign('POST', req.query)}`,
    );
    expect(e.message).toContain('ImageName%3Dimg%25201%252A%2528x%2529%2521%2527~');
  });
});

describe('checkTimestamp', () => {
  it('accepts a fresh timestamp in either direction up to the limit', () => {
    expect(() => checkTimestamp(nowIso, now)).not.toThrow();
    expect(() => checkTimestamp('2024-05-01T12:15:00Z', now)).not.toThrow();
    expect(() => checkTimestamp('2024-05-01T11:45:00Z', now)).not.toThrow();
  });
  it('stale or future → InvalidTimeStamp.Expired', () => {
    expect(apiError(() => checkTimestamp('2024-05-01T11:44:59Z', now)).code).toBe('InvalidTimeStamp.Expired');
    expect(apiError(() => checkTimestamp('2024-05-01T12:15:01Z', now)).code).toBe('InvalidTimeStamp.Expired');
    expect(apiError(() => checkTimestamp('2016-02-23T12:46:24Z', now)).code).toBe('InvalidTimeStamp.Expired');
    expect(apiError(() => checkTimestamp(nowIso, now + 61_000, 60_000)).code).toBe('InvalidTimeStamp.Expired');
  });
  it.each([
    '',
    '2024-05-01 12:00:00Z',
    '2024-05-01T12:00:00',
    '2024-05-01T12:00:00+08:00',
    '2024-05-01T12:00:00.000Z',
    '2024-02-30T12:00:00Z',
    '2024-05-01T24:00:00Z',
    '2024-13-01T12:00:00Z',
    '1714564800',
    'Wed, 01 May 2024 12:00:00 GMT',
  ])('%j → InvalidTimeStamp.Format', (ts) => {
    expect(apiError(() => checkTimestamp(ts, now)).code).toBe('InvalidTimeStamp.Format');
  });
});

describe('garbage in, only ApiError out', () => {
  const anyValue = fc.oneof(
    fc.string(),
    fc.string({ unit: 'binary' }),
    fc.constant(undefined),
    fc.constant(null),
    fc.integer(),
    fc.array(fc.string(), { maxLength: 3 }),
    fc.object({ maxDepth: 1 }),
  );
  const garbageMap = fc.oneof(
    fc.dictionary(
      fc.oneof(
        fc.string(),
        fc.constantFrom(
          'Signature',
          'AccessKeyId',
          'SignatureMethod',
          'SignatureVersion',
          'SignatureNonce',
          'Timestamp',
          '__proto__',
          'constructor',
          'authorization',
          'x-acs-date',
          'x-acs-signature-nonce',
          'x-acs-content-sha256',
        ),
      ),
      anyValue,
      { maxKeys: 8 },
    ),
    anyValue,
  );
  const garbageRequest = fc.record({
    method: anyValue,
    path: anyValue,
    query: garbageMap,
    form: garbageMap,
    headers: garbageMap,
    rawBody: anyValue,
  });

  const onlyApiErrors = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      // InternalError would mean an unexpected exception was caught by the guard, i.e. a bug.
      expect(e.code).not.toBe('InternalError');
    }
  };

  it('readCredentials / verifySignature / checkTimestamp', () => {
    fc.assert(
      fc.property(garbageRequest, anyValue, anyValue, fc.string(), (req, creds, secret, ts) => {
        const r = req as unknown as SignedRequest;
        onlyApiErrors(() => readCredentials(r));
        onlyApiErrors(() => verifySignature(r, creds as never, secret as never));
        onlyApiErrors(() => verifySignature(r, { version: 'v3' } as never, 'x'));
        onlyApiErrors(() => verifySignature(r, { version: 'v1' } as never, 'x'));
        onlyApiErrors(() => checkTimestamp(ts, now));
        onlyApiErrors(() => parseV3Authorization(ts));
      }),
      { numRuns: 500 },
    );
  });

  it('near-miss signed requests', () => {
    const base = v3Request();
    fc.assert(
      fc.property(fc.string(), fc.string(), (authTail, date) => {
        const req: SignedRequest = {
          ...base,
          headers: { ...base.headers, authorization: `ACS3-HMAC-SHA256 ${authTail}`, 'x-acs-date': date },
        };
        onlyApiErrors(() => verifySignature(req, readCredentials(req), 'testsecret'));
        onlyApiErrors(() => checkTimestamp(date, now));
      }),
    );
  });
});

// ---------------------------------------------------------------------------------------------
// The real official SDK, over HTTP, against a throwaway server.

describe('signatures produced by the official SDK (@alicloud/ecs20140526) verify', () => {
  let server: http.Server;
  let port = 0;
  const captures: Capture[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        captures.push({
          method: req.method ?? '',
          url: req.url ?? '',
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"RequestId":"X","Regions":{"Region":[]}}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  // ESM/CJS interop: the package is CommonJS with `exports.default = Client`.
  const EcsClient = ((EcsModule as unknown as { default: { default?: unknown } }).default.default ??
    (EcsModule as unknown as { default: unknown }).default) as typeof EcsModule.default;

  function client(signatureAlgorithm?: string) {
    return new EcsClient(
      new $OpenApiUtil.Config({
        accessKeyId: 'testid',
        accessKeySecret: 'testsecret',
        endpoint: `127.0.0.1:${port}`,
        protocol: 'http',
        ...(signatureAlgorithm ? { signatureAlgorithm } : {}),
      }),
    );
  }

  const special = "img 1*(x)!'~+&=/é";

  async function capture(call: () => Promise<unknown>): Promise<Capture> {
    const before = captures.length;
    await call();
    expect(captures.length).toBe(before + 1);
    return captures[captures.length - 1]!;
  }

  async function describeImages(signatureAlgorithm?: string) {
    return capture(() =>
      client(signatureAlgorithm).describeImages(
        new EcsModule.DescribeImagesRequest({ regionId: 'cn-hangzhou', imageName: special, pageSize: 10 }),
      ),
    );
  }

  async function runInstances(signatureAlgorithm?: string) {
    return capture(() =>
      client(signatureAlgorithm).runInstances(
        new EcsModule.RunInstancesRequest({
          regionId: 'cn-hangzhou',
          imageId: 'img 1*',
          instanceType: 'ecs.g7.large',
          amount: 2,
          securityGroupIds: ['sg-1', 'sg-2'],
          tag: [new EcsModule.RunInstancesRequestTag({ key: 'k (1)', value: "v*!'~ é" })],
          dataDisk: [new EcsModule.RunInstancesRequestDataDisk({ category: 'cloud_essd', size: 40 })],
        }),
      ),
    );
  }

  function expectVerifies(c: Capture, version: 'v1' | 'v3') {
    const req = toSignedRequest(c);
    const creds = readCredentials(req);
    expect(creds.version).toBe(version);
    expect(creds.accessKeyId).toBe('testid');
    expect(creds.nonce).toMatch(/^[0-9a-f]{32,64}$/);
    expect(() => checkTimestamp(creds.timestamp, Date.now())).not.toThrow();
    expect(() => verifySignature(req, creds, 'testsecret')).not.toThrow();
    const e = apiError(() => verifySignature(req, creds, 'wrongsecret'));
    expect(e.code).toBe('SignatureDoesNotMatch');
    return { req, creds, e };
  }

  it('V3 (default): DescribeImages with special characters', async () => {
    const c = await describeImages();
    expect(c.method).toBe('POST');
    expect(c.body).toBe('');
    expect(c.headers['x-acs-content-sha256']).toBe(EMPTY_BODY_SHA256);
    expect(String(c.headers.authorization)).toMatch(/^ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=host;/);
    // Node's querystring leaves !'()* raw, then the SDK's HTTP layer (httpx -> url.parse) auto-escapes
    // the quote only: on the wire it is !()* raw and ' as %27. The server must decode + re-encode.
    expect(c.url).toContain('ImageName=img%201*(x)!%27~%2B%26%3D%2F%C3%A9');
    const { req } = expectVerifies(c, 'v3');
    expect(req.query.ImageName).toBe(special);
    // tampered x-acs-content-sha256 on a real capture
    const tampered = toSignedRequest({ ...c, headers: { ...c.headers, 'x-acs-content-sha256': sha256Hex('x') } });
    expect(apiError(() => verifySignature(tampered, readCredentials(tampered), 'testsecret')).message).toContain(
      'x-acs-content-sha256',
    );
  });

  it('V3 (default): RunInstances with tags, repeat lists and data disks', async () => {
    const c = await runInstances();
    const { req } = expectVerifies(c, 'v3');
    expect(req.query['Tag.1.Key']).toBe('k (1)');
    expect(req.query['SecurityGroupIds.2']).toBe('sg-2');
  });

  it("V1 (signatureAlgorithm: 'v2'): DescribeImages with special characters", async () => {
    const c = await describeImages('v2');
    expect(c.headers.authorization).toBeUndefined();
    const { req, e } = expectVerifies(c, 'v1');
    expect(req.query.SignatureMethod).toBe('HMAC-SHA1');
    expect(req.query.ImageName).toBe(special);
    expect(e.message).toContain('server string to sign is:POST&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeImages');
  });

  it("V1 (signatureAlgorithm: 'v2'): RunInstances with tags", async () => {
    const c = await runInstances('v2');
    const { req } = expectVerifies(c, 'v1');
    expect(req.query['Tag.1.Value']).toBe("v*!'~ é");
  });
});
