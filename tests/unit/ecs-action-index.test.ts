import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ECS_ACTION_INDEX, isActionDefinition, renderEcsActionIndex } from '../../scripts/lib/ecs-action-index';
import { ACTIONS } from '../../shared/actions/registry';
import { EC2_ONLY_ACTIONS, VPC_ACTIONS } from '../../shared/actions/vpc';
import { NETWORK_INTERFACE_ACTIONS } from '../../shared/actions/network-interfaces';
import { DEPLOYMENT_SET_ACTIONS } from '../../shared/actions/deployment-sets';

const root = join(__dirname, '../..');

/** The ECS action list is generated from the declarations (docs/operations.md, "Recipe"). */
describe('generated ECS action list', () => {
  it('is what npm run sync-actions writes: every exported declaration but the EC2-only ones, once', async () => {
    const expected = await renderEcsActionIndex(root);
    // Stale: a declaration was added, renamed or removed without `npm run sync-actions`.
    expect(readFileSync(join(root, ECS_ACTION_INDEX), 'utf8')).toBe(expected);
    const names = ACTIONS.map((a) => a.name);
    expect(new Set(names).size).toBe(names.length);
    expect([...names].sort((a, b) => a.localeCompare(b))).toEqual(names);
    // The EC2-only declarations stay off the RPC door and /api/; the gathered family lists are on it.
    for (const a of EC2_ONLY_ACTIONS) expect(ACTIONS, a.name).not.toContain(a);
    for (const a of [...VPC_ACTIONS, ...NETWORK_INTERFACE_ACTIONS, ...DEPLOYMENT_SET_ACTIONS]) expect(ACTIONS, a.name).toContain(a);
    expect(names).toContain('DescribeImageSupportInstanceTypes');
    expect(names).not.toContain('ModifyDiskAutoEnableIO');
  }, 60_000);

  it('tells a declaration from an operation, a schema or a plain object', () => {
    expect(ACTIONS.every(isActionDefinition)).toBe(true);
    expect(isActionDefinition({ name: 'CreateDisk', run: async () => undefined })).toBe(false);
    expect(isActionDefinition({ name: 'X', audience: 'everyone', input: { safeParse: () => undefined }, handler: async () => undefined })).toBe(false);
    expect(isActionDefinition(null)).toBe(false);
  });
});
