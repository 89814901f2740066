import { recovery } from '../platform/config';
import { runPool } from '../platform/pool';
import { applyChange, deliverTouched, newProjectionContext } from '../projections/apply-change';
import type { ReleaseRecord } from '../store/instances';
import { dueReleaseRecords, markReleaseEffectsApplied } from '../store/release-outbox';
import { viewsStore } from '../store/views-store';
import type { JobReport, ScheduledJob } from './job';

/**
 * releaseEffects: release records still in the outbox (shared/store/release-outbox.ts)
 * some seconds after their release, because the stream handler never got to them
 * (a crash between the release and the stream batch, a stream record lost with
 * DynamoDB Local's process). Each is applied as the stream handler would (its
 * event id comes from the instance and the release time, so it is recorded once
 * whoever applies it) and leaves the outbox; its webhooks are then delivered.
 */
const PAGE = 100;
const CONCURRENCY = 8;

export const releaseEffectsJob: ScheduledJob = {
  name: 'releaseEffects',
  rate: 'rate(1 minute)',
  run: async (store, now) => {
    const report: JobReport = { Name: 'releaseEffects', Processed: 0, Details: [] };
    const ctx = newProjectionContext(store, viewsStore(), now);
    const graceMs = recovery.outboxGraceSeconds * 1000;
    const seen = new Set<string>();
    for (;;) {
      const page = await dueReleaseRecords<ReleaseRecord>(store, now, PAGE);
      const todo = page.items.filter((r) => !seen.has(r.instanceId) && Date.now() - (r.outboxWrittenMs ?? 0) >= graceMs);
      if (todo.length === 0) break;
      todo.forEach((r) => seen.add(r.instanceId));
      await runPool(todo, CONCURRENCY, async (record) => {
        await applyChange(ctx, {
          kind: 'INSERT',
          sequence: `outbox#${record.pk}#${record.sk}`,
          newItem: record as unknown as Record<string, unknown>,
          fallbackTime: now.toISOString(),
        });
        await markReleaseEffectsApplied(store, record);
        report.Processed++;
        if (report.Details.length < 200) report.Details.push(`effects of the release of ${record.instanceId}`);
      });
    }
    await deliverTouched(ctx);
    return report;
  },
};
