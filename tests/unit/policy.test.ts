import { describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/domain/errors';
import { isAllowed, parsePolicyDocument, type PolicyDocument } from '../../shared/domain/policy';

/**
 * RAM-like key policies (shared/domain/policy.ts): wildcard matching, explicit
 * Deny over Allow, "no policy = full access", and the documented error for a
 * malformed document.
 */
const doc = (...statements: unknown[]) => JSON.stringify({ Statement: statements });
const allow = (...actions: string[]) => ({ Effect: 'Allow', Action: actions });
const deny = (...actions: string[]) => ({ Effect: 'Deny', Action: actions });

function malformed(text: string): ApiError {
  try {
    parsePolicyDocument(text);
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError);
    return e as ApiError;
  }
  throw new Error(`expected ${text} to be refused`);
}

describe('policy evaluation', () => {
  it('gives a key without a policy full access', () => {
    for (const action of ['ecs:DeleteInstance', 'ecs:ModifyInstanceAttribute', 'ec2:TerminateInstances', 'ecs:Anything']) {
      expect(isAllowed(undefined, action)).toBe(true);
    }
  });

  it('denies whatever a policy does not allow', () => {
    const policy = parsePolicyDocument(doc(allow('ecs:DescribeRegions')));
    expect(isAllowed(policy, 'ecs:DescribeRegions')).toBe(true);
    expect(isAllowed(policy, 'ecs:DescribeZones')).toBe(false);
    expect(isAllowed(policy, 'ec2:DescribeRegions')).toBe(false);
  });

  it('matches `*` as any run of characters, anchored at both ends', () => {
    const policy = parsePolicyDocument(doc(allow('ecs:Describe*')));
    expect(isAllowed(policy, 'ecs:DescribeInstances')).toBe(true);
    expect(isAllowed(policy, 'ecs:Describe')).toBe(true); // `*` matches the empty run too
    expect(isAllowed(policy, 'ecs:RunInstances')).toBe(false);
    expect(isAllowed(policy, 'ecs:XDescribeInstances')).toBe(false);
    expect(isAllowed(policy, 'ec2:DescribeInstances')).toBe(false);

    const exact = parsePolicyDocument(doc(allow('ecs:DeleteInstance')));
    expect(isAllowed(exact, 'ecs:DeleteInstance')).toBe(true);
    // No implicit prefix match: DeleteInstance does not grant DeleteInstances.
    expect(isAllowed(exact, 'ecs:DeleteInstances')).toBe(false);

    const middle = parsePolicyDocument(doc(allow('ecs:*Instance*')));
    expect(isAllowed(middle, 'ecs:StartInstance')).toBe(true);
    expect(isAllowed(middle, 'ecs:DescribeInstanceTypes')).toBe(true);
    expect(isAllowed(middle, 'ecs:DescribeRegions')).toBe(false);

    const everything = parsePolicyDocument(doc(allow('*')));
    expect(isAllowed(everything, 'ecs:DeleteInstance')).toBe(true);
    expect(isAllowed(everything, 'ec2:TerminateInstances')).toBe(true);

    const anyService = parsePolicyDocument(doc(allow('*:DescribeRegions')));
    expect(isAllowed(anyService, 'ec2:DescribeRegions')).toBe(true);
    expect(isAllowed(anyService, 'ecs:DescribeZones')).toBe(false);
  });

  it('compares action names case-insensitively, as RAM does', () => {
    const policy = parsePolicyDocument(doc(allow('ECS:describe*')));
    expect(isAllowed(policy, 'ecs:DescribeImages')).toBe(true);
    const denied = parsePolicyDocument(doc(allow('ecs:*'), deny('ecs:deleteinstance')));
    expect(isAllowed(denied, 'ecs:DeleteInstance')).toBe(false);
  });

  it('lets an explicit Deny win over any Allow, in whatever order the statements come', () => {
    for (const statements of [
      [allow('ecs:*'), deny('ecs:DeleteInstance')],
      [deny('ecs:DeleteInstance'), allow('ecs:*')],
      [allow('ecs:DeleteInstance'), deny('ecs:Delete*'), allow('*')],
    ]) {
      const policy = parsePolicyDocument(doc(...statements));
      expect(isAllowed(policy, 'ecs:DeleteInstance')).toBe(false);
      expect(isAllowed(policy, 'ecs:DescribeInstances')).toBe(true);
    }
    // A policy made only of Deny statements allows nothing.
    const onlyDeny = parsePolicyDocument(doc(deny('ecs:DeleteInstance')));
    expect(isAllowed(onlyDeny, 'ecs:DescribeInstances')).toBe(false);
    expect(isAllowed(onlyDeny, 'ecs:DeleteInstance')).toBe(false);
  });

  it('separates releasing instances from changing their attributes (seed 000: split the two roles)', () => {
    // The seed advises granting ecs:DeleteInstance/ecs:DeleteInstances only to those who need them,
    // and keeping ecs:ModifyInstanceAttribute (which can turn release protection off) in another role.
    const releaser = parsePolicyDocument(doc(allow('ecs:Describe*', 'ecs:DeleteInstance', 'ecs:DeleteInstances')));
    const modifier = parsePolicyDocument(doc(allow('ecs:Describe*', 'ecs:ModifyInstanceAttribute'), deny('ecs:DeleteInstance', 'ecs:DeleteInstances')));
    expect(isAllowed(releaser, 'ecs:DeleteInstance')).toBe(true);
    expect(isAllowed(releaser, 'ecs:DeleteInstances')).toBe(true);
    expect(isAllowed(releaser, 'ecs:ModifyInstanceAttribute')).toBe(false);
    expect(isAllowed(modifier, 'ecs:ModifyInstanceAttribute')).toBe(true);
    expect(isAllowed(modifier, 'ecs:DeleteInstance')).toBe(false);
    expect(isAllowed(modifier, 'ecs:DeleteInstances')).toBe(false);
    for (const p of [releaser, modifier]) expect(isAllowed(p, 'ecs:DescribeInstances')).toBe(true);
  });

  it('keeps what it parsed: effects and actions, a lone Action string becoming a list', () => {
    const parsed: PolicyDocument = parsePolicyDocument(
      JSON.stringify({ Version: '1', Statement: [{ Effect: 'Deny', Action: 'ecs:DeleteInstance', Resource: '*' }] }),
    );
    expect(parsed).toEqual({ Statement: [{ Effect: 'Deny', Action: ['ecs:DeleteInstance'] }] });
  });
});

describe('malformed policy documents', () => {
  const cases: [string, string][] = [
    ['not JSON', '{"Statement": ['],
    ['empty text', ''],
    ['JSON null', 'null'],
    ['a JSON array', '[]'],
    ['a JSON string', '"ecs:*"'],
    ['no Statement', '{}'],
    ['Statement not a list', '{"Statement":{"Effect":"Allow","Action":["ecs:*"]}}'],
    ['empty Statement', '{"Statement":[]}'],
    ['a null statement', '{"Statement":[null]}'],
    ['Effect missing', doc({ Action: ['ecs:*'] })],
    ['Effect in the wrong case', doc({ Effect: 'allow', Action: ['ecs:*'] })],
    ['unknown Effect', doc({ Effect: 'Maybe', Action: ['ecs:*'] })],
    ['Action missing', doc({ Effect: 'Allow' })],
    ['empty Action list', doc({ Effect: 'Allow', Action: [] })],
    ['Action a number', doc({ Effect: 'Allow', Action: 42 })],
    ['Action list with a non-string', doc({ Effect: 'Allow', Action: ['ecs:DescribeRegions', 7] })],
    ['Action without a service', doc(allow('DescribeRegions'))],
    ['Action with a space', doc(allow('ecs:Describe Regions'))],
    ['Action with a regex character', doc(allow('ecs:Describe.+'))],
    ['Action with two colons', doc(allow('ecs:a:b'))],
    ['a good statement then a bad one', doc(allow('ecs:*'), { Effect: 'Deny' })],
  ];
  for (const [what, text] of cases) {
    it(`refuses ${what} with InvalidPolicyDocument.Malformed (400)`, () => {
      const err = malformed(text);
      expect(err.code).toBe('InvalidPolicyDocument.Malformed');
      expect(err.status).toBe(400);
      expect(err.message.length).toBeGreaterThan(0);
    });
  }

  it('names the offending statement', () => {
    expect(malformed(doc(allow('ecs:*'), { Effect: 'Deny' })).message).toContain('Statement 2');
  });
});
