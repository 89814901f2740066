'use strict';
/**
 * Local serverless plugin: when `npm start` (or the test harness) has already
 * bundled every handler in one esbuild pass (SANDBOX_PREBUILT=true), mark each
 * function `skipEsbuild` so serverless-esbuild does not bundle them again one
 * by one. Without the variable (sls package, deploy) it does nothing.
 */
class PrebuiltHandlers {
  constructor(serverless) {
    if (process.env.SANDBOX_PREBUILT !== 'true') return;
    this.hooks = {
      initialize: () => {
        for (const fn of Object.values(serverless.service.functions ?? {})) fn.skipEsbuild = true;
      },
    };
  }
}
module.exports = PrebuiltHandlers;
