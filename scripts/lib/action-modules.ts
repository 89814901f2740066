import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { ActionDefinition } from '../../shared/actions/action';

/** Where an action's declaration lives: its module (relative to the repository, no extension) and export name. */
export interface ActionModule {
  module: string;
  exportName: string;
}

/**
 * Finds the module that declares each action, so that each per-action Lambda
 * (functions/api/<Action>.ts) imports its own declaration and not the whole
 * registry: bundled, a handler then carries one action's code instead of all
 * of them (docs/packaging.md). Every module under shared/actions/ is loaded and
 * its exports compared, by identity, with the registry's declarations; the
 * registry itself and the lists that gather declarations (index files) are
 * skipped, so the module found is the one that declares it.
 */
export async function locateActionModules(root: string, actions: readonly ActionDefinition[]): Promise<Map<string, ActionModule>> {
  const wanted = new Map(actions.map((a) => [a, a.name]));
  const found = new Map<string, ActionModule>();
  for (const file of listSources(join(root, 'shared/actions'))) {
    const name = file.split('/').pop()!;
    if (name === 'registry.ts' || name === 'index.ts') continue;
    const exports = (await import(file)) as Record<string, unknown>;
    for (const [exportName, value] of Object.entries(exports)) {
      const action = wanted.get(value as ActionDefinition);
      if (action && !found.has(action)) found.set(action, { module: relative(root, file).replace(/\.ts$/, ''), exportName });
    }
  }
  const missing = actions.filter((a) => !found.has(a.name)).map((a) => a.name);
  if (missing.length) throw new Error(`no module under shared/actions exports the declaration of: ${missing.join(', ')}`);
  return found;
}

function listSources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listSources(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}
