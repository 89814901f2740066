import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { sandbox } from '../support/sandbox';
import { TEST_SETTINGS } from '../support/settings';

/**
 * The README's SDK examples run as written in plain Node, as an ES module and as CommonJS: only
 * the endpoint and credentials are swapped for this suite's sandbox (as a user swaps nothing but
 * those). The files are written inside the repository so Node resolves the packages from its
 * node_modules, as in a user's project.
 */
const root = join(__dirname, '../..');
const dir = join(root, `.build/readme-examples-${process.pid}`);
const run = promisify(execFile);

function example(name: string): string {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const marker = readme.indexOf(`<!-- example: ${name}`);
  expect(marker, `README marker for ${name}`).toBeGreaterThan(-1);
  const block = /```js\n([\s\S]*?)```/.exec(readme.slice(marker));
  expect(block, `code block after ${name}`).not.toBeNull();
  const host = sandbox().endpoint.replace(/^http:\/\//, '');
  return block![1]!
    .replaceAll('127.0.0.1:3000', host)
    .replaceAll("'SandboxDefaultKey'", `'${TEST_SETTINGS.defaultAccount.accessKeyId}'`)
    .replaceAll("'SandboxDefaultSecret'", `'${TEST_SETTINGS.defaultAccount.accessKeySecret}'`);
}

async function runExample(name: string, file: string): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, file);
  writeFileSync(path, example(name));
  const { stdout } = await run(process.execPath, [path], { cwd: root, timeout: 60_000 });
  return stdout;
}

describe('README examples in plain Node', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs the ES module example (RunInstances) as written', async () => {
    const out = await runExample('sdk-esm', 'example.mjs');
    expect(out).toMatch(/\[ 'i-[0-9a-z]+' \]/);
  });

  it('runs the CommonJS example (DescribeInstances) as written', async () => {
    const out = await runExample('sdk-cjs', 'example.cjs');
    expect(out).toMatch(/^\d+ instances$/m);
  });
});
