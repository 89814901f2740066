import { describe, expect, it } from 'vitest';
import { splitText } from '../../shared/store/batch-journal';
import { redoOf, versionIs } from '../../shared/store/transact-items';

/** The pure parts of the batch journal (docs/atomicity.md). */
describe('batch journal', () => {
  it('cuts a journal into parts that join back to it, never inside a surrogate pair', () => {
    const text = `${'a'.repeat(9)}😀${'é'.repeat(7)}😀`;
    for (const size of [2, 3, 10, 11, 100]) {
      const parts = splitText(text, size);
      expect(parts.join('')).toBe(text);
      for (const p of parts) {
        expect(p.length).toBeLessThanOrEqual(size);
        expect(p.length).toBeGreaterThan(0);
        expect(/^[\udc00-\udfff]/.test(p)).toBe(false);
        expect(/[\ud800-\udbff]$/.test(p)).toBe(false);
      }
    }
  });

  it('replays a decided write without its own condition, and drops pure checks', () => {
    const key = { pk: 'P', sk: 'S' };
    expect(redoOf({ kind: 'put', item: { ...key, a: 1 }, condition: versionIs(3) })).toEqual({ kind: 'put', item: { ...key, a: 1 } });
    expect(redoOf({ kind: 'delete', key, condition: versionIs(2) })).toEqual({ kind: 'delete', key });
    expect(redoOf({ kind: 'add', key, attribute: 'count', delta: -1, max: 5 })).toEqual({ kind: 'add', key, attribute: 'count', delta: -1 });
    expect(redoOf({ kind: 'check', key, condition: versionIs(1) })).toBeUndefined();
  });
});
