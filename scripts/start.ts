/**
 * `npm start`: the whole sandbox in one command. Every port and credential
 * comes from the environment (README, Configuration). Ctrl-C stops everything,
 * DynamoDB Local's java included.
 */
import { join } from 'node:path';
import { REGIONS } from '../shared/domain/catalogue/regions';
import { startStack } from './lib/stack';
import { sandboxSettings } from './lib/settings';

async function main(): Promise<void> {
  const root = join(__dirname, '..');
  const s = sandboxSettings(process.env);
  const stack = await startStack({ ...s, root, echo: process.env.SANDBOX_VERBOSE === '1', log: (l) => console.log(`[sandbox] ${l}`) });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n[sandbox] ${signal}: stopping serverless-offline and DynamoDB Local...`);
    await stack.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  stack.offline.process.once('exit', (code) => {
    if (!stopping) {
      console.error(`[sandbox] serverless-offline exited (${code}); stopping.\n${stack.offline.output().slice(-3000)}`);
      void stack.dynamo.stop().then(() => process.exit(1));
    }
  });
  console.log(
    [
      '',
      '  compute-sandbox is ready',
      `  ECS endpoint     ${stack.endpoint}/   (SDK: endpoint '127.0.0.1:${s.httpPort}', protocol 'http')`,
      `  Per-action API   ${stack.endpoint}/api/<Action>`,
      `  Health           ${stack.endpoint}/health`,
      `  Console          ${stack.consoleUrl}`,
      `  Regions          ${REGIONS.map((r) => r.regionId).join(', ')}`,
      `  Default account  ${s.defaultAccount.accountId}`,
      `    AccessKeyId      ${s.defaultAccount.accessKeyId}`,
      `    AccessKeySecret  ${s.defaultAccount.accessKeySecret}`,
      `    Bearer token     ${stack.apiToken}   (for ${stack.endpoint}/api/<Action>)`,
      `  Operator key     ${s.admin.accessKeyId} / ${s.admin.accessKeySecret}`,
      `  Data             ${s.dataDir ?? 'in memory (SANDBOX_IN_MEMORY=1)'}`,
      `  Ready in         ${(stack.timings.readyMs! / 1000).toFixed(1)} s`,
      '',
    ].join('\n'),
  );
}

main().catch((e) => {
  console.error(`[sandbox] failed to start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
