/**
 * What one cold start of each deployed function may load (its bundle file; the AWS SDK is the
 * runtime's, not ours): `sls package` fails past it (scripts/package-bundle.ts), so a change
 * that drags the registry or the EC2 model into a per-action function shows at once.
 * docs/packaging.md explains the figures.
 */
export const HANDLER_BUDGET_BYTES = 300 * 1024;

/**
 * Front doors with a budget of their own: none today. The ECS front door (ecs-rpc), the EC2 front
 * door (ec2-query) and unknown-action load no action at a cold start (functions/gateway/lazy-actions.ts,
 * shared/protocol/ec2/lazy-actions.ts) and are held to the 300 KB of every other function.
 */
export const FRONT_DOOR_BUDGET_BYTES: Record<string, number> = {};

export interface HandlerSize {
  handler: string;
  bytes: number;
}

/** The handlers over their budget, largest first. */
export function overBudget(sizes: readonly HandlerSize[]): (HandlerSize & { budget: number })[] {
  return sizes
    .map((s) => ({ ...s, budget: FRONT_DOOR_BUDGET_BYTES[s.handler] ?? HANDLER_BUDGET_BYTES }))
    .filter((s) => s.bytes > s.budget)
    .sort((a, b) => b.bytes - a.bytes);
}
