import { z } from 'zod';
import { DEFAULT_BUDGET_MS, rebuildViews } from '../../projections/rebuild-views';
import { viewsStore } from '../../store/views-store';
import { defineAction } from '../action';
import { commonFields, p } from '../params';

/**
 * RebuildViews (operator): derive the views again from the state table
 * (shared/projections/rebuild-views.ts). Call again with the answered
 * `NextToken` until none comes back. `TimeBudgetSeconds` (0–25, default 18)
 * bounds one call's work; 0 means one Scan page.
 */
export const rebuildViewsAction = defineAction({
  name: 'RebuildViews',
  audience: 'operator',
  input: z.object({
    ...commonFields,
    NextToken: p.string().optional(),
    TimeBudgetSeconds: p.int({ min: 0, max: 25 }).optional(),
  }),
  handler: async (input, ctx) => {
    if (ctx.dryRun) return {};
    const budgetMs = input.TimeBudgetSeconds === undefined ? DEFAULT_BUDGET_MS : input.TimeBudgetSeconds * 1000;
    return rebuildViews(ctx.store, viewsStore(), ctx.now, { nextToken: input.NextToken, budgetMs });
  },
});
