import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogueOf, renderConsoleCatalogue, type CatalogueAction } from '../../scripts/lib/console-catalogue';
import { ACTIONS } from '../../shared/actions/registry';
import { VPC_ACTION_NAMES } from '../../shared/actions/vpc';

/**
 * The console's API page reads console/src/generated/actions.json: every
 * registered action with its parameters. It must be the registry's, regenerated
 * by `npm run sync-actions`.
 */
const path = join(__dirname, '../../console/src/generated/actions.json');
const onDisk = () => readFileSync(path, 'utf8');

describe("the console's action catalogue", () => {
  it('is the registry rendered by sync-actions', () => {
    expect(onDisk(), 'console/src/generated/actions.json is out of date: run `npm run sync-actions`').toBe(renderConsoleCatalogue(ACTIONS, VPC_ACTION_NAMES));
  });

  it('lists every registered action once, with its audience and API', () => {
    const list = JSON.parse(onDisk()) as CatalogueAction[];
    expect(list.map((a) => a.name).sort()).toEqual(ACTIONS.map((a) => a.name).sort());
    expect(list.find((a) => a.name === 'DescribeVpcs')?.api).toBe('VPC');
    expect(list.find((a) => a.name === 'DescribeInstances')?.api).toBe('ECS');
    expect(list.find((a) => a.name === 'AdvanceSandboxClock')?.audience).toBe('operator');
  });

  it('describes parameters from the input schemas: required first, types, allowed values, list items', () => {
    const byName = new Map(catalogueOf(ACTIONS, VPC_ACTION_NAMES).map((a) => [a.name, a]));
    const del = byName.get('DeleteInstances')!;
    expect(
      del.params
        .filter((p) => p.required)
        .map((p) => p.name)
        .sort(),
    ).toEqual(['InstanceId', 'RegionId']);
    expect(del.params[0]!.required).toBe(true);
    expect(del.params.find((p) => p.name === 'InstanceId')).toMatchObject({ type: 'array', items: 'string' });
    expect(del.params.find((p) => p.name === 'Force')).toMatchObject({ type: 'boolean', required: false });
    const run = byName.get('RunInstances')!;
    expect(run.params.find((p) => p.name === 'InternetChargeType')).toMatchObject({ type: 'enum', enum: ['PayByTraffic', 'PayByBandwidth'] });
    expect(run.params.find((p) => p.name === 'SystemDisk')?.type).toBe('object');
    expect(byName.get('AdvanceSandboxClock')!.params).toEqual([{ name: 'Seconds', type: 'integer', required: true }]);
  });
});
