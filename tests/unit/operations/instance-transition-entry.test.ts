import { beforeEach, describe, expect, it } from 'vitest';
import { IMAGE, MemorySandbox, REGION } from '../../support/memory-sandbox';
import { Keys } from '../../../shared/store/keys';
import { TIMER, instanceKey } from '../../../shared/store/instances';

/**
 * An instance's next transition is its own byDue entry (dueKind/dueAt on the instance item,
 * shared/store/instances.ts `instanceItem`), not a timer item: a launch writes one item per
 * instance fewer, and the transitions sweep still persists every step when it is due.
 */
describe('instance transitions carried by the instance item', () => {
  let sandbox: MemorySandbox;
  beforeEach(async () => {
    sandbox = await MemorySandbox.withAccount();
  });

  const launch = async (amount: number) =>
    (await sandbox.ecs<{ InstanceIdSets: { InstanceIdSet: string[] } }>('RunInstances', { ImageId: IMAGE, InstanceType: 'ecs.g7.large', Amount: amount }))
      .InstanceIdSets.InstanceIdSet;
  const stored = (id: string) =>
    sandbox.store.get<Record<string, unknown>>(instanceKey({ accountId: sandbox.caller.accountId, regionId: REGION, instanceId: id }));
  const timerItems = () => sandbox.store.dump().filter((i) => String(i.pk).startsWith('TIMER#') && i.sk === TIMER.transition);

  it('a launch writes no transition timer items: each instance item is due at its Pending → Running step', async () => {
    const ids = await launch(5);
    expect(timerItems()).toEqual([]);
    for (const id of ids) {
      const item = await stored(id);
      expect(item).toMatchObject({ status: 'Pending', dueKind: TIMER.transition });
      expect(String(item?.dueAt)).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\dT.*Z#${id}$`));
    }
    const due = await sandbox.store.queryDue<{ instanceId: string }>(TIMER.transition, '9999', 100);
    expect(due.items.map((i) => i.instanceId).sort()).toEqual([...ids].sort());
  });

  it('the sweep writes Running when due (nobody reading) and the entry leaves the index; a stop puts it back', async () => {
    const [id] = await launch(1);
    await sandbox.passTime(60);
    const running = await stored(id!);
    expect(running).toMatchObject({ status: 'Running' });
    expect(running?.dueKind).toBeUndefined();
    expect(running?.dueAt).toBeUndefined();

    await sandbox.ecs('StopInstance', { InstanceId: id! });
    expect(await stored(id!)).toMatchObject({ status: 'Stopping', dueKind: TIMER.transition });
    await sandbox.passTime(60);
    const stopped = await stored(id!);
    expect(stopped).toMatchObject({ status: 'Stopped' });
    expect(stopped?.dueKind).toBeUndefined();
    expect(timerItems()).toEqual([]);
  });

  it('a transition timer item written the old way is still worked off, then removed', async () => {
    const [id] = await launch(1);
    const item = (await stored(id!))!;
    const { pk, sk, version: _v, dueKind: _k, dueAt, ...record } = item;
    // As a sandbox of an earlier version stored it: the plain record plus a separate timer item.
    const tx = sandbox.store.unitOfWork();
    tx.replace({ pk: String(pk), sk: String(sk), version: item.version }, record);
    tx.create(Keys.timer(TIMER.transition, id!), {
      dueKind: TIMER.transition,
      dueAt,
      target: { accountId: sandbox.caller.accountId, regionId: REGION, instanceId: id },
    });
    await tx.commit();
    expect(timerItems()).toHaveLength(1);

    await sandbox.passTime(60);
    expect(await stored(id!)).toMatchObject({ status: 'Running' });
    expect(timerItems()).toEqual([]);
  });
});
