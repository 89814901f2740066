import { describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/domain/errors';
import {
  checkFlatNameDepth,
  checkJsonDepth,
  jsonNestingDepth,
  MAX_BODY_BYTES,
  MAX_NESTING_DEPTH,
  oversizedBody,
  repeatedJsonMember,
  repeatedParameter,
} from '../../shared/protocol/request-guards';

/** The guards every front door runs before parsing (README "Request limits"). */
const thrown = (f: () => void): ApiError => {
  try {
    f();
  } catch (e) {
    return e as ApiError;
  }
  throw new Error('expected a throw');
};

describe('request guards', () => {
  it('measures JSON nesting in one scan, ignoring brackets inside strings', () => {
    expect(jsonNestingDepth('{}')).toBe(1);
    expect(jsonNestingDepth('{"a":[{"b":"[[[{{{"}]}')).toBe(3);
    expect(jsonNestingDepth('{"a":"\\"[[[["}')).toBe(1);
    // 100,000 deep: a recursive walk would overflow the stack; the scan does not.
    expect(jsonNestingDepth('['.repeat(100_000) + ']'.repeat(100_000))).toBe(100_000);
  });

  it('refuses JSON deeper than the bound with 400 InvalidParameter, and accepts it at the bound', () => {
    const deep = `{"a":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    expect(thrown(() => checkJsonDepth(deep))).toMatchObject({ code: 'InvalidParameter', status: 400 });
    const atBound = `{"a":${'['.repeat(MAX_NESTING_DEPTH - 1)}${']'.repeat(MAX_NESTING_DEPTH - 1)}}`;
    expect(() => checkJsonDepth(atBound)).not.toThrow();
  });

  it('refuses flat names with more parts than the bound', () => {
    expect(() => checkFlatNameDepth({ 'Tag.1.Key': 'k', 'Filter.1.Value.1': 'v' })).not.toThrow();
    expect(thrown(() => checkFlatNameDepth({ [Array(3000).fill('A.1').join('.')]: 'x' }))).toMatchObject({ code: 'InvalidParameter', status: 400 });
  });

  it('answers a body over the limit as API Gateway does (413 Request Too Long), counting base64 bodies decoded', () => {
    expect(oversizedBody({ body: 'x'.repeat(MAX_BODY_BYTES) })).toBeUndefined();
    const res = oversizedBody({ body: 'x'.repeat(MAX_BODY_BYTES + 1) });
    expect(res?.statusCode).toBe(413);
    expect(JSON.parse(String(res?.body))).toEqual({ message: 'Request Too Long' });
    expect(oversizedBody({ body: 'QUFB'.repeat((MAX_BODY_BYTES / 3) | 0), isBase64Encoded: true })).toBeUndefined();
    expect(oversizedBody({ body: 'é'.repeat(MAX_BODY_BYTES / 2 + 1) })?.statusCode).toBe(413);
    expect(MAX_BODY_BYTES).toBeLessThan(6 * 1000 * 1000);
  });

  it('finds a parameter given twice', () => {
    expect(repeatedParameter('a=1&b=2')).toBeUndefined();
    expect(repeatedParameter('RegionId=a&X=1&RegionId=b')).toBe('RegionId');
    expect(repeatedParameter('')).toBeUndefined();
  });

  it('finds a JSON member given twice in one object, at any depth, however escaped', () => {
    expect(repeatedJsonMember('{"RegionId":"a","InstanceId":["x"],"Tag":[{"Key":"k"},{"Key":"k"}]}')).toBeUndefined();
    expect(repeatedJsonMember('{"RegionId":"a","RegionId":"b"}')).toBe('RegionId');
    expect(repeatedJsonMember('{"Tag":[{"Key":"k","Key":"j"}]}')).toBe('Key');
    expect(repeatedJsonMember(String.raw`{"a":"x","\u0062":"y"}`)).toBeUndefined();
    expect(repeatedJsonMember(String.raw`{"a":"x","\u0061":"y"}`)).toBe('a');
    expect(repeatedJsonMember('{"a":{"b":1},"b":2}')).toBeUndefined();
    expect(repeatedJsonMember('["a","a"]')).toBeUndefined();
  });
});
