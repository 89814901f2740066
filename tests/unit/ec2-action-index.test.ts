import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EC2_ACTION_INDEX, renderEc2ActionIndex } from '../../scripts/lib/ec2-action-index';
import { EC2_ACTIONS } from '../../shared/protocol/ec2/actions';

const root = join(__dirname, '../..');

/** The EC2 action list is generated from the adapters (docs/operations.md, "Recipe"). */
describe('generated EC2 action list', () => {
  it('is what npm run sync-actions writes: every exported EC2 adapter, once', async () => {
    const expected = await renderEc2ActionIndex(root);
    // Stale: an adapter was added, renamed or removed without `npm run sync-actions`.
    expect(readFileSync(join(root, EC2_ACTION_INDEX), 'utf8')).toBe(expected);
    const names = EC2_ACTIONS.map((a) => a.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContain('RegisterImage');
    expect(names).toContain('DescribeImageAttribute');
  }, 60_000);
});
