import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startStack, type Stack, type StackOptions } from '../../scripts/lib/stack';
import { callAction, Ecs, ecsClient, sdkError } from '../support/ecs-client';
import { freePort } from '../support/ports';
import { TEST_SETTINGS } from '../support/settings';

/**
 * `npm start` keeps its data in a folder: a second start on the same folder
 * must find what the first one stored. A stack of its own (DynamoDB Local with
 * a temp data folder + serverless-offline, on free ports) is started, an
 * account is created through the operator with the official SDK, the stack is
 * stopped and started again on the same folder, and the account's key must
 * still work, the default account must be found ('kept', not re-created).
 */
const root = join(__dirname, '../..');
const dataDir = mkdtempSync(join(tmpdir(), 'sandbox-restart-'));
// A bundle folder of this test's own, kept between the two starts (the second one skips bundling).
const buildDir = `.build/offline-restart-${process.pid}`;
let stack: Stack | undefined;
const logs: string[] = [];

async function start(prebuilt: boolean): Promise<Stack> {
  const opts: StackOptions = {
    root,
    httpPort: await freePort(),
    lambdaPort: await freePort(),
    dynamoPort: await freePort(),
    dataDir,
    buildDir,
    prebuilt,
    ...TEST_SETTINGS,
    log: (line) => logs.push(line),
  };
  return startStack(opts);
}

afterAll(async () => {
  await stack?.stop();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(join(root, buildDir), { recursive: true, force: true });
}, 60_000);

describe('a restart on the same data folder', () => {
  it('keeps accounts, keys and the default account', async () => {
    stack = await start(false);
    expect(stack.defaultAccount).toBe('created');
    // A new folder: the tables are created and checked (README "Start-up").
    expect(stack.timings.tablesKnown).toBeUndefined();
    const operator = ecsClient(stack.endpoint, TEST_SETTINGS.admin);
    const created = (await callAction(operator, 'CreateAccount')) as { AccountId: string; AccessKeyId: string; AccessKeySecret: string };
    const creds = { accessKeyId: created.AccessKeyId, accessKeySecret: created.AccessKeySecret };
    expect((await ecsClient(stack.endpoint, creds).describeRegions(new Ecs.DescribeRegionsRequest({}))).statusCode).toBe(200);
    await stack.stop();
    stack = undefined;
    // DynamoDB Local wrote its database file into the folder.
    expect(readdirSync(dataDir).some((f) => f.endsWith('.db'))).toBe(true);

    const t0 = Date.now();
    stack = await start(true);
    const restartMs = Date.now() - t0;
    expect(stack.defaultAccount).toBe('kept');
    // The folder remembers the table definitions it was brought up to: one ListTables instead of the checks.
    expect(stack.timings.tablesKnown).toBe(1);
    expect(logs.some((l) => l.includes(`default account ${TEST_SETTINGS.defaultAccount.accountId} kept`))).toBe(true);

    const res = await ecsClient(stack.endpoint, creds).describeRegions(new Ecs.DescribeRegionsRequest({}));
    expect(res.statusCode).toBe(200);
    expect(res.body!.regions!.region!.length).toBeGreaterThan(0);
    const defaultKey = await ecsClient(stack.endpoint, TEST_SETTINGS.defaultAccount).describeRegions(new Ecs.DescribeRegionsRequest({}));
    expect(defaultKey.statusCode).toBe(200);
    // The data really is the old data, not a fresh table that accepts anything: unknown keys are still refused.
    const stranger = await sdkError(
      ecsClient(stack.endpoint, { accessKeyId: `${created.AccessKeyId}x`, accessKeySecret: created.AccessKeySecret }).describeRegions(
        new Ecs.DescribeRegionsRequest({}),
      ),
    );
    expect(stranger).toMatchObject({ code: 'InvalidAccessKeyId.NotFound', statusCode: 404 });
    console.log(`restart on the same data folder: ready again in ${restartMs} ms (no bundling)`);
  }, 300_000);
});
