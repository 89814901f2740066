'use strict';
/**
 * Preloaded (`node --require`) into the serverless-offline process of `npm start` and the test
 * stacks (scripts/lib/offline.ts), never into `sls package` / `sls deploy`.
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
}
