import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { OpenApiUtil } from '@alicloud/openapi-core';
import { percentEncode } from '../../shared/protocol/ecs/rfc3986';
import { v1Sign, v1StringToSign } from '../../shared/protocol/ecs/signature-v1';
import { EMPTY_BODY_SHA256, parseV3Authorization, sha256Hex, v3CanonicalRequest, v3Sign } from '../../shared/protocol/ecs/signature-v3';
import { checkTimestamp, readCredentials, verifySignature, type SignedRequest } from '../../shared/protocol/ecs/authenticate';
import { decodeQueryString } from '../../shared/protocol/ecs/wire-params';
import { apiError, now, nowIso, v3Request, V1_VECTOR_PARAMS, V1_VECTOR_STS } from '../support/ecs-signed-requests';

// The ECS signatures (V1 and V3) and the encodings under them. Malformed requests:
// ecs-signature-malformed.test.ts; requests signed by the official SDK: ecs-signature-sdk.test.ts.

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
  it("decodes Node querystring output (which leaves !'()* raw) and treats + as space", () => {
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
    expect(parseV3Authorization('ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=host;x-acs-date,Signature=' + 'ab'.repeat(32))).toEqual({
      algorithm: 'ACS3-HMAC-SHA256',
      accessKeyId: 'testid',
      signedHeaders: ['host', 'x-acs-date'],
      signature: 'ab'.repeat(32),
    });
    // blanks after commas are tolerated, field order is free
    expect(parseV3Authorization('ACS3-HMAC-SHA256 Signature=00, Credential=k ,SignedHeaders=host').accessKeyId).toBe('k');
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
    expect(cr.split('\n').slice(0, 3)).toEqual(['POST', '/', 'Empty=&RegionId=cn-hangzhou&Tag.1.Key=k%20k&Tag.1.Value=v%2A%28x%29%21%27~']);
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
    expect(() => verifySignature({ ...base, headers: { ...base.headers, 'user-agent': 'x' } }, creds, 'testsecret')).not.toThrow();
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
    const e2 = apiError(() => verifySignature({ ...base, headers: { ...base.headers, 'x-acs-content-sha256': sha256Hex('x') } }, creds, 'testsecret'));
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
    const sig = v3Sign('s', v3CanonicalRequest({ method: 'POST', path: '/', query: {}, headers, signedHeaders, payloadHash: sha256Hex(body) }));
    headers.Authorization = `ACS3-HMAC-SHA256 Credential=k,SignedHeaders=${signedHeaders.join(';')},Signature=${sig}`;
    const req: SignedRequest = { method: 'POST', path: '/', query: {}, form: decodeQueryString(body), headers, rawBody: body };
    expect(() => verifySignature(req, readCredentials(req), 's')).not.toThrow();
  });
});
