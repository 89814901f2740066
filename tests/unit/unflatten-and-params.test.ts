import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { documentedIssue, p, parseInput, toApiError } from '../../shared/actions/params';
import { ApiError } from '../../shared/domain/errors';
import { unflattenParams } from '../../shared/protocol/unflatten';

/**
 * From the wire to a validated input: `unflattenParams` turns flat RPC names
 * (`Tag.1.Key`) into the nested shape, the `p.*` schema blocks normalise RPC
 * strings and JSON values alike, and `toApiError` turns the first schema issue
 * into MissingParameter / InvalidParameter naming the parameter as the wire
 * spells it.
 */

/** Parse with `schema` as the runner does (parseInput); on failure return the ApiError it answers with. */
function parse<S extends z.ZodType>(schema: S, raw: Record<string, unknown>): { ok: true; value: z.output<S> } | { ok: false; error: ApiError } {
  try {
    return { ok: true, value: parseInput(schema, raw) };
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError);
    return { ok: false, error: e as ApiError };
  }
}
function value<S extends z.ZodType>(schema: S, raw: Record<string, unknown>): z.output<S> {
  const r = parse(schema, raw);
  if (!r.ok) throw new Error(`expected ${JSON.stringify(raw)} to parse, got ${r.error.code}: ${r.error.message}`);
  return r.value;
}
function error(schema: z.ZodType, raw: Record<string, unknown>): ApiError {
  const r = parse(schema, raw);
  if (r.ok) throw new Error(`expected ${JSON.stringify(raw)} to be refused, got ${JSON.stringify(r.value)}`);
  return r.error;
}

describe('unflattenParams', () => {
  it('nests `Name.N.Field` into lists of objects and `Name.Field` into objects', () => {
    expect(
      unflattenParams({
        RegionId: 'cn-hangzhou',
        'Tag.1.Key': 'env',
        'Tag.1.Value': 'prod',
        'Tag.2.Key': 'team',
        'SystemDisk.Category': 'cloud_essd',
        'SystemDisk.Size': '40',
        'DataDisk.1.Category': 'cloud_auto',
      }),
    ).toEqual({
      RegionId: 'cn-hangzhou',
      Tag: [{ Key: 'env', Value: 'prod' }, { Key: 'team' }],
      SystemDisk: { Category: 'cloud_essd', Size: '40' },
      DataDisk: [{ Category: 'cloud_auto' }],
    });
  });

  it('orders list items by their numeric position, not by arrival or text order', () => {
    expect(unflattenParams({ 'InstanceId.10': 'j', 'InstanceId.2': 'b', 'InstanceId.1': 'a', 'InstanceId.3': 'c' })).toEqual({
      InstanceId: ['a', 'b', 'c', 'j'],
    });
  });

  it('compacts gaps and drops position 0 (positions are 1-based)', () => {
    expect(unflattenParams({ 'X.3': 'c', 'X.1': 'a' })).toEqual({ X: ['a', 'c'] });
    expect(unflattenParams({ 'X.0': 'zero', 'X.1': 'a' })).toEqual({ X: ['a'] });
  });

  it('reads positions with leading zeros as numbers', () => {
    expect(unflattenParams({ 'X.02': 'b', 'X.01': 'a', 'X.10': 'j' })).toEqual({ X: ['a', 'b', 'j'] });
    expect(unflattenParams({ 'Tag.01.Key': 'k', 'Tag.01.Value': 'v' })).toEqual({ Tag: [{ Key: 'k', Value: 'v' }] });
    expect(unflattenParams({ 'X.00': 'zero', 'X.1': 'a' })).toEqual({ X: ['a'] });
  });

  it('keeps a group with a non-numeric member as an object', () => {
    expect(unflattenParams({ 'X.1': 'a', 'X.foo': 'b' })).toEqual({ X: { 1: 'a', foo: 'b' } });
  });

  it('never lets a scalar replace a nested group, whatever the order', () => {
    expect(unflattenParams({ A: 'scalar', 'A.B': 'nested' })).toEqual({ A: { B: 'nested' } });
    expect(unflattenParams({ 'A.B': 'nested', A: 'scalar' })).toEqual({ A: { B: 'nested' } });
  });

  it('ignores names with empty segments', () => {
    expect(unflattenParams({ 'A..B': '1', '.A': '2', 'A.': '3', '': '4', ok: '5' })).toEqual({ ok: '5' });
  });

  it('keeps the top level a map of parameter names, even when every name is a number', () => {
    // `?1=a&2=b` are two oddly named parameters, not a list: the action schema must see an object.
    const out = unflattenParams({ '1': 'a', '2': 'b' });
    expect(Array.isArray(out)).toBe(false);
    expect(out).toEqual({ 1: 'a', 2: 'b' });
  });

  it('ignores __proto__, constructor and prototype segments and never touches Object.prototype', () => {
    const out = unflattenParams({
      '__proto__.polluted': 'yes',
      'constructor.prototype.polluted': 'yes',
      'A.__proto__.polluted': 'yes',
      'Tag.1.__proto__': 'yes',
      'B.prototype': 'yes',
      __proto__: 'yes',
      RegionId: 'cn-hangzhou',
    });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(out, '__proto__')).toBe(false);
    expect(Object.prototype.hasOwnProperty.call(out, 'constructor')).toBe(false);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(out).toEqual({ RegionId: 'cn-hangzhou' });
  });

  it('treats own keys named __proto__ (as JSON.parse or a null-prototype map produce them) the same way', () => {
    const flat = JSON.parse('{"__proto__":"x","__proto__.a":"y","Name":"n"}') as Record<string, string>;
    expect(Object.prototype.hasOwnProperty.call(flat, '__proto__')).toBe(true);
    const out = unflattenParams(flat);
    expect(Object.prototype.hasOwnProperty.call(out, '__proto__')).toBe(false);
    expect(out).toEqual({ Name: 'n' });
  });

  it('never throws and never pollutes, whatever names it is given (property)', () => {
    const segment = fc.oneof(
      fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '0', '1', '2', '01', '10', '', 'Tag', 'Key'),
      fc.string({ maxLength: 6 }),
    );
    const name = fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) => parts.join('.'));
    fc.assert(
      fc.property(fc.dictionary(name, fc.string({ maxLength: 5 }), { maxKeys: 12 }), (flat) => {
        const out = unflattenParams(flat);
        expect(typeof out).toBe('object');
        expect(Array.isArray(out)).toBe(false);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'Key')).toBe(false);
        expect(JSON.stringify(out)).not.toContain('"__proto__"');
      }),
      { numRuns: 2000 },
    );
  });

  it('puts the values of `Name.N` back in position order (property)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 500 }), { minLength: 1, maxLength: 20 }), (positions) => {
        const flat: Record<string, string> = {};
        for (const n of positions) flat[`Id.${n}`] = `v${n}`;
        const expected = [...positions].sort((a, b) => a - b).map((n) => `v${n}`);
        expect(unflattenParams(flat)).toEqual({ Id: expected });
      }),
    );
  });
});

describe('toApiError: MissingParameter or InvalidParameter, with the wire name', () => {
  const schema = z.object({
    RegionId: p.regionId(),
    Tag: p.list(z.object({ Key: p.string({ min: 1, max: 128 }), Value: p.string({ max: 128 }).optional() }), { max: 20 }).optional(),
  });

  it('says MissingParameter for an absent or empty required parameter', () => {
    for (const raw of [{}, { RegionId: '' }, { RegionId: null }]) {
      const err = error(schema, raw);
      expect(err.code).toBe('MissingParameter');
      expect(err.status).toBe(400);
      expect(err.message).toContain('"RegionId"');
    }
  });

  it('names a missing field of a list item as Tag.N.Key, from the RPC wire and from JSON', () => {
    const wire = unflattenParams({ RegionId: 'cn-hangzhou', 'Tag.1.Key': 'a', 'Tag.2.Value': 'no key' });
    const err = error(schema, wire);
    expect(err.code).toBe('MissingParameter');
    expect(err.message).toContain('"Tag.2.Key"');

    const first = error(schema, { RegionId: 'cn-hangzhou', Tag: [{ Value: 'v' }] });
    expect(first.code).toBe('MissingParameter');
    expect(first.message).toContain('"Tag.1.Key"');

    const empty = error(schema, unflattenParams({ RegionId: 'cn-hangzhou', 'Tag.1.Key': '' }));
    expect(empty.code).toBe('MissingParameter');
    expect(empty.message).toContain('"Tag.1.Key"');
  });

  it('says InvalidParameter for a present value of the wrong shape, naming Tag.1.Key', () => {
    const nested = error(schema, unflattenParams({ RegionId: 'cn-hangzhou', 'Tag.1.Key.Deeper': 'x' }));
    expect(nested.code).toBe('InvalidParameter');
    expect(nested.status).toBe(400);
    expect(nested.message).toContain('"Tag.1.Key"');

    const tooLong = error(schema, { RegionId: 'cn-hangzhou', Tag: [{ Key: 'k'.repeat(129) }] });
    expect(tooLong.code).toBe('InvalidParameter');
    expect(tooLong.message).toContain('"Tag.1.Key"');

    const notAnObject = error(schema, { RegionId: 'cn-hangzhou', Tag: 'just-a-string' });
    expect(notAnObject.code).toBe('InvalidParameter');
    expect(notAnObject.message).toContain('"Tag.1"');

    const tooMany = error(schema, { RegionId: 'cn-hangzhou', Tag: Array.from({ length: 21 }, (_, i) => ({ Key: `k${i}` })) });
    expect(tooMany.code).toBe('InvalidParameter');
    expect(tooMany.message).toContain('"Tag"');
  });

  it('accepts the same input from the wire and from JSON', () => {
    const fromWire = value(schema, unflattenParams({ RegionId: 'cn-hangzhou', 'Tag.1.Key': 'env', 'Tag.1.Value': 'prod' }));
    const fromJson = value(schema, { RegionId: 'cn-hangzhou', Tag: [{ Key: 'env', Value: 'prod' }] });
    expect(fromWire).toEqual(fromJson);
    expect(fromJson).toEqual({ RegionId: 'cn-hangzhou', Tag: [{ Key: 'env', Value: 'prod' }] });
  });

  it('gives the first issue of a bare safeParse the same treatment', () => {
    const out = schema.safeParse({ RegionId: 'cn-hangzhou', Tag: [{ Key: 'a' }, {}] });
    expect(out.success).toBe(false);
    const err = toApiError(out.error!, { RegionId: 'cn-hangzhou', Tag: [{ Key: 'a' }, {}] });
    expect(err.code).toBe('MissingParameter');
    expect(err.message).toContain('"Tag.2.Key"');
  });

  it('treats an empty or null optional parameter as absent, at any depth', () => {
    const s = z.object({
      RegionId: p.regionId(),
      ImageName: p.string({ min: 2 }).optional(),
      PageSize: p.int({ min: 1 }).optional(),
      DryRun: p.bool().optional(),
      SystemDisk: z.object({ Category: p.enum(['cloud_essd', 'cloud_auto']).optional(), Size: p.int().optional() }).optional(),
      Tag: p.tags().optional(),
    });
    expect(value(s, { RegionId: 'cn-hangzhou', ImageName: '', PageSize: '', DryRun: null })).toEqual({ RegionId: 'cn-hangzhou' });
    expect(value(s, unflattenParams({ RegionId: 'r', 'SystemDisk.Category': '', 'SystemDisk.Size': '20', 'Tag.1.Key': 'k', 'Tag.1.Value': '' }))).toEqual({
      RegionId: 'r',
      SystemDisk: { Size: 20 },
      Tag: [{ Key: 'k' }],
    });
    // Still a required parameter when it is empty.
    const err = error(s, { RegionId: '', ImageName: 'abc' });
    expect(err.code).toBe('MissingParameter');
    expect(err.message).toContain('"RegionId"');
  });

  it('renders a refinement that carries a documented code as that code', () => {
    const withRule = z.object({
      AutoReleaseTime: p
        .string()
        .refine(
          (v) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(v),
          documentedIssue('InvalidAutoReleaseTime.Malformed', 'The specified time format is invalid.'),
        )
        .optional(),
    });
    const err = error(withRule, { AutoReleaseTime: 'tomorrow' });
    expect(err.code).toBe('InvalidAutoReleaseTime.Malformed');
    expect(err.status).toBe(400);
    expect(err.message).toBe('The specified time format is invalid.');
    expect(value(withRule, { AutoReleaseTime: '2030-01-01T00:00:00Z' })).toEqual({ AutoReleaseTime: '2030-01-01T00:00:00Z' });

    const withStatus = z.object({
      Name: p.string().superRefine((v, ctx) => {
        if (v === 'taken') ctx.addIssue({ code: 'custom', ...documentedIssue('InvalidName.Duplicate', 'Name is taken.', 409) });
      }),
    });
    const dup = error(withStatus, { Name: 'taken' });
    expect(dup.code).toBe('InvalidName.Duplicate');
    expect(dup.status).toBe(409);
  });
});

describe('schema blocks', () => {
  it('p.jsonList reads a JSON-array string from the wire and a real array from JSON', () => {
    const s = z.object({ InstanceIds: p.jsonList(z.string(), { max: 3 }).optional() });
    expect(value(s, { InstanceIds: '["i-1","i-2"]' })).toEqual({ InstanceIds: ['i-1', 'i-2'] });
    expect(value(s, { InstanceIds: ['i-1', 'i-2'] })).toEqual({ InstanceIds: ['i-1', 'i-2'] });
    expect(value(s, { InstanceIds: '' })).toEqual({});
    for (const bad of ['["i-1"', 'i-1', '{"a":1}', '"i-1"', '["i-1","i-2","i-3","i-4"]', '[1]']) {
      const err = error(s, { InstanceIds: bad });
      expect(err.code, bad).toBe('InvalidParameter');
      expect(err.message, bad).toMatch(/"InstanceIds(\.\d+)?"/);
    }
    // An item of a JSON-array string is named by its 1-based position; the string counts as present.
    const second = error(s, { InstanceIds: '["i-1", 5]' });
    expect(second.code).toBe('InvalidParameter');
    expect(second.message).toContain('"InstanceIds.2"');
  });

  it('p.jsonList as a required parameter: absent or empty is MissingParameter', () => {
    const s = z.object({ InstanceIds: p.jsonList(z.string()) });
    expect(error(s, {}).code).toBe('MissingParameter');
    expect(error(s, { InstanceIds: '' }).code).toBe('MissingParameter');
  });

  it('p.commaList splits, trims and drops empty items; passes real arrays through', () => {
    const s = z.object({ ImageId: p.commaList({ max: 3 }).optional() });
    expect(value(s, { ImageId: 'm-1, m-2,,m-3 ' })).toEqual({ ImageId: ['m-1', 'm-2', 'm-3'] });
    expect(value(s, { ImageId: 'm-1' })).toEqual({ ImageId: ['m-1'] });
    expect(value(s, { ImageId: ['m-1', 'm-2'] })).toEqual({ ImageId: ['m-1', 'm-2'] });
    expect(value(s, { ImageId: '' })).toEqual({});
    expect(error(s, { ImageId: 'a,b,c,d' }).code).toBe('InvalidParameter');
    expect(error(s, { ImageId: { a: 'b' } }).code).toBe('InvalidParameter');
  });

  it('p.bool takes true/false in the spellings SDKs send, and JSON booleans; nothing else', () => {
    const s = z.object({ DryRun: p.bool().optional() });
    for (const t of ['true', 'True', 'TRUE', true]) expect(value(s, { DryRun: t })).toEqual({ DryRun: true });
    for (const f of ['false', 'False', 'FALSE', false]) expect(value(s, { DryRun: f })).toEqual({ DryRun: false });
    expect(value(s, { DryRun: '' })).toEqual({});
    for (const bad of ['yes', '1', '0', 1, 'tru', ' true', [true], { v: true }]) {
      const err = error(s, { DryRun: bad });
      expect(err.code, String(bad)).toBe('InvalidParameter');
      expect(err.message).toContain('"DryRun"');
    }
  });

  it('p.int takes decimal strings and JSON numbers within bounds', () => {
    const s = z.object({ PageSize: p.int({ min: 1, max: 100 }).optional() });
    expect(value(s, { PageSize: '50' })).toEqual({ PageSize: 50 });
    expect(value(s, { PageSize: 50 })).toEqual({ PageSize: 50 });
    expect(value(s, { PageSize: '' })).toEqual({});
    for (const bad of ['0', '101', '-1', '1.5', 1.5, 'ten', '1e2', '0x10', 'NaN', Infinity, true, ['5']]) {
      const err = error(s, { PageSize: bad });
      expect(err.code, String(bad)).toBe('InvalidParameter');
      expect(err.message).toContain('"PageSize"');
    }
  });

  it('p.string turns JSON numbers and booleans into strings and refuses objects and lists', () => {
    const s = z.object({ Name: p.string({ min: 2, max: 5 }) });
    expect(value(s, { Name: 123 })).toEqual({ Name: '123' });
    expect(value(s, { Name: true })).toEqual({ Name: 'true' });
    expect(error(s, { Name: { a: 1 } }).code).toBe('InvalidParameter');
    expect(error(s, { Name: ['ab'] }).code).toBe('InvalidParameter');
    expect(error(s, { Name: 'x' }).code).toBe('InvalidParameter');
    expect(error(s, { Name: 'abcdef' }).code).toBe('InvalidParameter');
  });

  it('p.list makes a lone value a one-element list', () => {
    const s = z.object({ InstanceTypes: p.list(p.string(), { max: 2 }).optional() });
    expect(value(s, { InstanceTypes: 'ecs.g7.large' })).toEqual({ InstanceTypes: ['ecs.g7.large'] });
    expect(value(s, unflattenParams({ 'InstanceTypes.1': 'a', 'InstanceTypes.2': 'b' }))).toEqual({ InstanceTypes: ['a', 'b'] });
    const tooMany = error(s, { InstanceTypes: ['a', 'b', 'c'] });
    expect(tooMany.code).toBe('InvalidParameter');
    expect(tooMany.message).toContain('"InstanceTypes"');
  });

  it('p.clientToken allows at most 64 printable ASCII characters', () => {
    const s = z.object({ ClientToken: p.clientToken().optional() });
    expect(value(s, { ClientToken: 't'.repeat(64) })).toEqual({ ClientToken: 't'.repeat(64) });
    expect(error(s, { ClientToken: 't'.repeat(65) }).code).toBe('InvalidParameter');
    expect(error(s, { ClientToken: 'caf\u00e9' }).code).toBe('InvalidParameter');
  });

  it('drops unknown names, __proto__ included, without polluting anything', () => {
    const s = z.object({ RegionId: p.regionId() });
    const raw = JSON.parse('{"RegionId":"cn-hangzhou","__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}');
    const out = value(s, raw) as Record<string, unknown>;
    expect(out).toEqual({ RegionId: 'cn-hangzhou' });
    expect(Object.prototype.hasOwnProperty.call(out, '__proto__')).toBe(false);
    expect(out.polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('never reads a parameter through a __proto__ key', () => {
    const s = z.object({ RegionId: p.regionId(), Nested: z.object({ Name: p.string() }).optional() });
    const top = error(s, JSON.parse('{"__proto__":{"RegionId":"cn-hangzhou"}}'));
    expect(top.code).toBe('MissingParameter');
    expect(top.message).toContain('"RegionId"');
    const nested = error(s, JSON.parse('{"RegionId":"r","Nested":{"__proto__":{"Name":"n"}}}'));
    expect(nested.code).toBe('MissingParameter');
    expect(nested.message).toContain('"Nested.Name"');
  });
});
