import { describe, expect, it } from 'vitest';
import { createKeyPair } from '../../../shared/actions/key-pairs/create';
import { describeKeyPairs } from '../../../shared/actions/key-pairs/describe';
import { Ec2Call } from '../../../shared/protocol/ec2/adapter';
import { MemorySandbox, REGION } from '../../support/memory-sandbox';

/**
 * An adapter may start two units side by side (a `Promise.all` of two `inOneUnit` bodies or two
 * `perform`s). Each keeps its own unit of work: a write after an `await` inside one body lands in
 * that body's unit, and a body that fails takes back only its own writes. The unit used to be a
 * field of the call, so the unit started last captured the other body's later writes.
 */
describe('Ec2Call: units started side by side stay apart', () => {
  const newKeyPair = (name: string) => ({ regionId: REGION, name, nameRule: 'ec2' as const, tags: [] });

  it('commits the body that succeeds and takes back only the body that fails', async () => {
    const sandbox = await MemorySandbox.withAccount();
    const call = new Ec2Call({
      caller: sandbox.caller,
      requestId: 'req-side-by-side',
      sourceIp: '127.0.0.1',
      store: sandbox.store,
      region: REGION,
      action: 'CreateKeyPair',
    });
    const kept = call.inOneUnit(async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return call.perform(createKeyPair, newKeyPair('kept'));
    });
    const failed = call.inOneUnit(async () => {
      await call.perform(createKeyPair, newKeyPair('taken-back'));
      await new Promise((resolve) => setTimeout(resolve, 10));
      throw new Error('the second body fails after its write');
    });
    const [keptResult, failedResult] = await Promise.allSettled([kept, failed]);
    expect(keptResult.status).toBe('fulfilled');
    expect(failedResult.status).toBe('rejected');

    const listed = await new Ec2Call({
      caller: sandbox.caller,
      requestId: 'req-list',
      sourceIp: '127.0.0.1',
      store: sandbox.store,
      region: REGION,
      action: 'DescribeKeyPairs',
    }).perform(describeKeyPairs, { regionId: REGION });
    const names = listed.map((k) => k.keyPairName);
    expect(names).toEqual(['kept']);
  });
});
