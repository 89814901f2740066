/**
 * What one cold start of each deployed function may load (its bundle file; the AWS SDK is the
 * runtime's, not ours): `sls package` fails past it (scripts/package-bundle.ts), so a change
 * that drags the registry or the EC2 model into a per-action function shows at once.
 * docs/packaging.md explains the figures.
 */
export const HANDLER_BUDGET_BYTES = 300 * 1024;

/**
 * The front doors route every action of their API, so each carries the whole registry (and
 * ec2-query the EC2 model too) until actions are loaded on demand; they get a ceiling of their
 * own, well above today's sizes (about 1.0 MB and 0.6 MB), so that growth is still caught.
 */
export const FRONT_DOOR_BUDGET_BYTES: Record<string, number> = {
  'functions/gateway/ec2-query': 1536 * 1024,
  'functions/gateway/ecs-rpc': 1024 * 1024,
  'functions/gateway/unknown-action': 1024 * 1024,
};

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
