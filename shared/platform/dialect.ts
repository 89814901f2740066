import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The wire dialect a request came in through (`ecs`: the ECS RPC door and `/api/<Action>`;
 * `ec2`: the EC2 Query door), for the few things that differ by dialect below the wire layer:
 * the id prefixes of new resources (shared/platform/ids.ts) and the name rules an API publishes
 * (an EC2 key pair name is any ASCII up to 255 characters). Rules stay declared once; the
 * dialect only picks which published rule set applies.
 */
export type Dialect = 'ecs' | 'ec2';

const current = new AsyncLocalStorage<Dialect>();

/** Run `fn` as a call of `dialect` (the EC2 front door wraps its calls in 'ec2'). */
export function withDialect<T>(dialect: Dialect, fn: () => Promise<T>): Promise<T> {
  return current.run(dialect, fn);
}

export const currentDialect = (): Dialect => current.getStore() ?? 'ecs';
