import { z } from 'zod';
import { rebuildViews } from '../../projections/rebuild-views';
import { viewsStore } from '../../store/views-store';
import { defineAction } from '../action';

/** RebuildViews (operator): derive the views again from the state table (shared/projections/rebuild-views.ts). */
export const rebuildViewsAction = defineAction({
  name: 'RebuildViews',
  audience: 'operator',
  input: z.object({}),
  handler: async (_input, ctx) => {
    if (ctx.dryRun) return {};
    return rebuildViews(ctx.store, viewsStore(), ctx.now);
  },
});
