'use strict';
/**
 * Preloaded (`node --require`) into the serverless-offline process of `npm start` and the test
 * stacks (scripts/lib/offline.ts), never into `sls package` / `sls deploy`: three things the local
 * start does not need, or waits on for nothing (README "Start-up").
 *
 * The local stack runs the handlers that scripts/lib/prebuild.ts bundled in one pass, so
 * serverless-esbuild has nothing to do there: every function is marked `skipEsbuild`
 * (prebuilt-handlers.js). Loading it still cost about 1.2 s of CPU per start (it requires `effect`,
 * `ramda`, `globby`, `fs-extra`, chokidar...) and it then watched the source tree with chokidar for
 * nothing. osls loads a plugin with `require` of its resolved path, so an entry in require.cache
 * under that path stands in for it: a plugin that only declares the `skipEsbuild` function property
 * (as the real one does, so the configuration validates the same) and hooks nothing.
 */
const { createRequire } = require('node:module');
const { join } = require('node:path');

if (process.env.SANDBOX_PREBUILT === 'true') {
  const serviceRequire = createRequire(join(process.cwd(), 'package.json'));
  const filename = serviceRequire.resolve('serverless-esbuild');

  class PrebuiltInsteadOfEsbuild {
    constructor(serverless) {
      serverless.configSchemaHandler.defineFunctionProperties(serverless.service.provider.name, {
        properties: { skipEsbuild: { type: 'boolean' } },
      });
      this.hooks = {};
    }
  }

  const stub = new (require('node:module'))(filename);
  stub.filename = filename;
  stub.loaded = true;
  stub.exports = PrebuiltInsteadOfEsbuild;
  require.cache[filename] = stub;

  // The configuration's schema check (AJV over ~190 functions) cost about 1.6 s of CPU per start.
  // It guards packaging and deploying, which still run it (`sls package` in
  // tests/integration/cloudformation.test.ts); a local start of the same file learns nothing new.
  const oslsRequire = createRequire(serviceRequire.resolve('serverless/package.json'));
  const ConfigSchemaHandler = oslsRequire('./lib/classes/config-schema-handler/index.js');
  ConfigSchemaHandler.prototype.validateConfig = async function skippedForLocalStart() {};

  // serverless-offline starts alongside the tables (scripts/lib/stack.ts): its stream reader waits
  // for the state table with the SDK's waitUntilTableExists, whose default backoff starts at 20 s
  // (`serviceDefaults = { minDelay: 20, maxDelay: 120 }`, https://app.unpkg.com/@aws-sdk/client-dynamodb@3.3.0/files/waiters/waitForTableExists.ts),
  // so a first start whose tables came a moment late waited up to 20 s more for nothing. The
  // plugin keeps that wait behind one method (a seam of its own, for its tests): same waiter,
  // polled every 0.2-1 s instead.
  const streamsRequire = createRequire(serviceRequire.resolve('serverless-offline-dynamodb-streams/package.json'));
  const DynamodbStreams = streamsRequire('./src/dynamodb-streams.js');
  const { waitUntilTableExists } = streamsRequire('@aws-sdk/client-dynamodb');
  DynamodbStreams.prototype._waitUntilTableExists = function waitPromptly(tableName) {
    return waitUntilTableExists({ client: this.client, maxWaitTime: 120, minDelay: 0.2, maxDelay: 1 }, { TableName: tableName });
  };
}
