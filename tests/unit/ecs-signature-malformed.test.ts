import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { ApiError } from '../../shared/domain/errors';
import { v1StringToSign } from '../../shared/protocol/ecs/signature-v1';
import { parseV3Authorization } from '../../shared/protocol/ecs/signature-v3';
import { checkTimestamp, readCredentials, verifySignature, type SignedRequest } from '../../shared/protocol/ecs/authenticate';
import { apiError, now, nowIso, v1Request, v3Request } from '../support/ecs-signed-requests';

// Malformed and garbage signed requests: the documented client error, never another exception.

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
    expect(code(withAuth('ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=host,Signature='))).toBe('IncompleteSignature');
    expect(code(withAuth('Bearer abc'))).toBe('IncompleteSignature');
    // signature not 64 hex
    expect(code(withAuth('ACS3-HMAC-SHA256 Credential=t,SignedHeaders=host,Signature=xyz'))).toBe('IncompleteSignature');
  });

  it('SignedHeaders that leave out the nonce, or name a header not received → IncompleteSignature', () => {
    const sig = 'ab'.repeat(32);
    const e = apiError(() =>
      readCredentials(withAuth(`ACS3-HMAC-SHA256 Credential=t,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-version,Signature=${sig}`)),
    );
    expect(e.code).toBe('IncompleteSignature');
    expect(e.message).toContain('x-acs-signature-nonce');
    const parsed = parseV3Authorization(String(v3.headers.authorization));
    expect(code(withAuth(`ACS3-HMAC-SHA256 Credential=t,SignedHeaders=${[...parsed.signedHeaders, 'x-acs-zzz'].join(';')},Signature=${sig}`))).toBe(
      'IncompleteSignature',
    );
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
    expect(e.message).toBe(`Specified signature is not matched with our calculation. server string to sign is:${v1StringToSign('POST', req.query)}`);
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
