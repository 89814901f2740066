import { describe, expect, it } from 'vitest';
import { FRONT_DOOR_BUDGET_BYTES, HANDLER_BUDGET_BYTES, overBudget } from '../../scripts/lib/bundle-budget';

describe('the deployed handlers’ size budget (sls package fails past it)', () => {
  it('holds a per-action function to 300 KB and names the ones over it, largest first', () => {
    const over = overBudget([
      { handler: 'functions/api/CreateDisk', bytes: 120 * 1024 },
      { handler: 'functions/api/RunInstances', bytes: HANDLER_BUDGET_BYTES },
      { handler: 'functions/api/DescribeImages', bytes: HANDLER_BUDGET_BYTES + 1 },
      { handler: 'functions/scheduled/autoRelease', bytes: 400 * 1024 },
    ]);
    expect(over.map((h) => h.handler)).toEqual(['functions/scheduled/autoRelease', 'functions/api/DescribeImages']);
    expect(over[0]).toMatchObject({ bytes: 400 * 1024, budget: 300 * 1024 });
  });

  it('gives the front doors (every action of their API) a ceiling of their own, still enforced', () => {
    const ec2 = FRONT_DOOR_BUDGET_BYTES['functions/gateway/ec2-query']!;
    expect(ec2).toBeGreaterThan(HANDLER_BUDGET_BYTES);
    expect(overBudget([{ handler: 'functions/gateway/ec2-query', bytes: ec2 }])).toEqual([]);
    expect(overBudget([{ handler: 'functions/gateway/ec2-query', bytes: ec2 + 1 }])).toEqual([
      { handler: 'functions/gateway/ec2-query', bytes: ec2 + 1, budget: ec2 },
    ]);
  });

  it('holds the ECS front door and unknown-action (they load no action at a cold start) to 300 KB like the rest', () => {
    for (const handler of ['functions/gateway/ecs-rpc', 'functions/gateway/unknown-action']) {
      expect(FRONT_DOOR_BUDGET_BYTES[handler], handler).toBeUndefined();
      expect(overBudget([{ handler, bytes: HANDLER_BUDGET_BYTES + 1 }])).toEqual([{ handler, bytes: HANDLER_BUDGET_BYTES + 1, budget: HANDLER_BUDGET_BYTES }]);
    }
  });
});
