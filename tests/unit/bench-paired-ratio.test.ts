import { describe, expect, it } from 'vitest';
import { measurePairs, ratioSpread, spreadNote } from '../../scripts/bench/paired-ratio';

describe('bench: the peer against the sandbox, pair by pair', () => {
  it('alternates which side goes first and keeps a ratio only for rounds where both calls succeeded', async () => {
    const order: string[] = [];
    let peerCalls = 0;
    const sandbox = async () => {
      order.push('s');
    };
    const peer = async () => {
      order.push('p');
      peerCalls++;
      // The second timed round's peer call fails (the warm-up round is call 1).
      if (peerCalls === 3) throw new Error('peer down');
    };
    const out = await measurePairs(sandbox, peer, { warmup: 1, n: 4 });
    expect(order).toEqual(['s', 'p', 's', 'p', 'p', 's', 's', 'p', 'p', 's']);
    expect(out.sandbox.samples).toHaveLength(4);
    expect(out.peer.samples).toHaveLength(3);
    expect(out.peer.errors).toBe(1);
    expect(out.peer.firstError).toContain('peer down');
    expect(out.ratios).toHaveLength(3);
  });

  it('summarises the ratios by nearest-rank quartiles and extremes, and says so when there is no pair', () => {
    const spread = ratioSpread([4, 1, 3, 2, 8, 0.5, 2.5, 6]);
    expect(spread).toEqual({ n: 8, p25: 1, median: 2.5, p75: 4, min: 0.5, max: 8 });
    expect(spreadNote('moto', spread)).toBe('moto / sandbox per pair: median 2.50× (p25 1.00×, p75 4.00×; min 0.50×, max 8.00×; 8 pairs)');
    expect(ratioSpread([])).toBeUndefined();
    expect(spreadNote('moto', undefined)).toContain('no pair');
  });
});
