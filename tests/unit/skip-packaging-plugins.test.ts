import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The module preloaded into the local serverless-offline process (scripts/serverless/skip-packaging-plugins.js,
 * README "Start-up"). Each case runs in a fresh node process, as serverless-offline's does: the module changes
 * that process's require cache and two prototypes.
 */
const root = join(__dirname, '../..');
const preload = join(root, 'scripts/serverless/skip-packaging-plugins.js');

function probe(env: Record<string, string | undefined>): Record<string, unknown> {
  const script = `
    const ConfigSchemaHandler = require('serverless/lib/classes/config-schema-handler/index.js');
    const DynamodbStreams = require('serverless-offline-dynamodb-streams/src/dynamodb-streams.js');
    const Esbuild = require('serverless-esbuild');
    const defined = [];
    const fake = { config: { serviceDir: process.cwd() }, cli: { log() {} }, service: { provider: { name: 'aws' } }, configSchemaHandler: { defineFunctionProperties: (p, s) => defined.push([p, Object.keys(s.properties)]) } };
    const plugin = new Esbuild(fake, {});
    const waits = [];
    const streams = Object.create(DynamodbStreams.prototype);
    // The table is missing at the first look (a first start whose tables come a moment late), then there.
    streams.client = { send: async (cmd) => {
      waits.push(cmd.constructor.name);
      if (waits.length === 1 && !process.env.SANDBOX_PROBE_TABLE_PRESENT) throw Object.assign(new Error('not yet'), { name: 'ResourceNotFoundException' });
      return { Table: { TableStatus: 'ACTIVE' } };
    } };
    const started = Date.now();
    Promise.resolve(streams._waitUntilTableExists('t')).then((r) => {
      console.log(JSON.stringify({
        esbuildHooks: Object.keys(plugin.hooks ?? {}),
        defined,
        validateConfig: ConfigSchemaHandler.prototype.validateConfig.name,
        waitState: r && r.state,
        waitCalls: waits,
        waitMs: Date.now() - started,
      }));
    });
  `;
  const out = execFileSync(process.execPath, ['--require', preload, '-e', script], {
    cwd: root,
    env: { ...process.env, SANDBOX_PREBUILT: undefined, ...env },
    encoding: 'utf8',
  });
  return JSON.parse(out.trim().split('\n').at(-1)!) as Record<string, unknown>;
}

describe('skip-packaging-plugins (the local serverless-offline preload)', () => {
  it('over the prebuilt bundle: serverless-esbuild is a plugin that hooks nothing, the schema check is skipped, the table wait polls', () => {
    const seen = probe({ SANDBOX_PREBUILT: 'true' });
    expect(seen.esbuildHooks).toEqual([]);
    // The stand-in still declares skipEsbuild, as the real plugin does, so the configuration reads the same.
    expect(seen.defined).toEqual([['aws', ['skipEsbuild']]]);
    expect(seen.validateConfig).toBe('skippedForLocalStart');
    expect(seen.waitState).toBe('SUCCESS');
    expect(seen.waitCalls).toEqual(['DescribeTableCommand', 'DescribeTableCommand']);
    // The SDK waiter's own first pause is 20 s; the patched one looks again within a second.
    expect(seen.waitMs).toBeLessThan(5_000);
  });

  it('changes nothing for packaging and deploying (SANDBOX_PREBUILT unset)', () => {
    const seen = probe({ SANDBOX_PROBE_TABLE_PRESENT: '1' });
    // The real serverless-esbuild hooks packaging and offline bundling.
    expect(seen.esbuildHooks).toContain('before:package:createDeploymentArtifacts');
    expect(seen.validateConfig).toBe('validateConfig');
  });
});
