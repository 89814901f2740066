import { NAT_DUE_KIND, natRemovalAt, natStateAt, type NatGatewayRecord } from '../domain/nat-gateway';
import { stripKeys } from '../store/instances';
import { loadNatGateway, saveNatGateway } from '../store/nat-gateways';
import { WriteConflict, type StateStore, type Stored } from '../store/state-store';
import type { JobReport, ScheduledJob } from './job';

/**
 * natGatewayLifecycle: a NAT gateway's state is read at the sandbox clock (pending → available or
 * failed, deleting → deleted; shared/domain/nat-gateway.ts), and this job writes each
 * transition down once, so the change reaches the stream (events, webhooks) exactly once, and
 * removes a deleted or failed gateway an hour later. The item is its own timer in the byDue
 * index; each gateway is settled in its own conditional write, so a run stopped half-way is
 * finished by the next one and a concurrent user change wins (the item is seen again).
 */
const PAGE = 100;

async function settle(store: StateStore, due: Stored<NatGatewayRecord>, now: Date): Promise<string | undefined> {
  const current = await loadNatGateway(store, due.accountId, due.regionId, due.natGatewayId);
  if (!current) return undefined;
  const tx = store.unitOfWork(now);
  const removal = natRemovalAt(current);
  const state = natStateAt(current, now);
  if (removal !== undefined && now.getTime() >= removal) tx.remove(current);
  else saveNatGateway(tx, current, { ...stripKeys(current), persistedState: state }, now);
  try {
    await tx.commit();
  } catch (e) {
    if (e instanceof WriteConflict) return undefined;
    throw e;
  }
  return removal !== undefined && now.getTime() >= removal ? `${current.natGatewayId}: removed` : `${current.natGatewayId}: ${state}`;
}

async function run(store: StateStore, now: Date): Promise<JobReport> {
  const report: JobReport = { Name: NAT_DUE_KIND, Processed: 0, Details: [] };
  const seen = new Set<string>();
  for (;;) {
    const page = await store.queryDue<NatGatewayRecord>(NAT_DUE_KIND, now.toISOString(), PAGE);
    const todo = page.items.filter((n) => !seen.has(n.dueAt!));
    if (todo.length === 0) return report;
    for (const n of todo) {
      seen.add(n.dueAt!);
      const line = await settle(store, n, now);
      if (line) {
        report.Processed++;
        if (report.Details.length < 200) report.Details.push(line);
      }
    }
  }
}

export const natGatewayLifecycleJob: ScheduledJob = {
  name: NAT_DUE_KIND,
  rate: 'rate(1 minute)',
  run,
};
