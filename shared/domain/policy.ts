import { Errors } from './errors';

/**
 * RAM-like access policies attached to an access key:
 *   {"Statement":[{"Effect":"Allow"|"Deny","Action":["ecs:Describe*","ecs:DeleteInstance"]}]}
 * `*` matches any run of characters; action names compare case-insensitively
 * (as RAM does). An explicit Deny wins; with a policy, anything not allowed is
 * denied; a key without a policy has full access within its own account.
 */
export interface PolicyStatement {
  Effect: 'Allow' | 'Deny';
  Action: string[];
}
export interface PolicyDocument {
  Statement: PolicyStatement[];
}

export function parsePolicyDocument(text: string): PolicyDocument {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw Errors.invalid('InvalidPolicyDocument.Malformed', 'The specified PolicyDocument is not valid JSON.');
  }
  const statements = (doc as { Statement?: unknown })?.Statement;
  if (!Array.isArray(statements) || statements.length === 0) {
    throw Errors.invalid('InvalidPolicyDocument.Malformed', 'The PolicyDocument must have a non-empty Statement list.');
  }
  return {
    Statement: statements.map((s, i) => {
      const effect = (s as { Effect?: unknown })?.Effect;
      const action = (s as { Action?: unknown })?.Action;
      const actions = typeof action === 'string' ? [action] : action;
      if (
        (effect !== 'Allow' && effect !== 'Deny') ||
        !Array.isArray(actions) ||
        actions.length === 0 ||
        !actions.every((a) => typeof a === 'string' && /^[A-Za-z0-9*]+:[A-Za-z0-9*]+$|^\*$/.test(a))
      ) {
        throw Errors.invalid(
          'InvalidPolicyDocument.Malformed',
          `Statement ${i + 1} needs Effect "Allow" or "Deny" and Action as a list of "service:Action" patterns.`,
        );
      }
      return { Effect: effect, Action: actions as string[] };
    }),
  };
}

function matches(pattern: string, action: string): boolean {
  const re = new RegExp(`^${pattern.split('*').map(escapeRegExp).join('.*')}$`, 'i');
  return re.test(action);
}
const escapeRegExp = (s: string) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&');

/** `action` is qualified, e.g. `ecs:DeleteInstance` or `ec2:TerminateInstances`. */
export function isAllowed(policy: PolicyDocument | undefined, action: string): boolean {
  return isAllowedAny(policy, [action]);
}

/**
 * One permission known under several names (`ecs:DeleteInstances` and its EC2 twin
 * `ec2:TerminateInstances`): a Deny of any name denies it, an Allow of any name allows it.
 */
export function isAllowedAny(policy: PolicyDocument | undefined, names: readonly string[]): boolean {
  if (!policy) return true;
  let allowed = false;
  for (const s of policy.Statement) {
    if (!s.Action.some((p) => names.some((n) => matches(p, n)))) continue;
    if (s.Effect === 'Deny') return false;
    allowed = true;
  }
  return allowed;
}
