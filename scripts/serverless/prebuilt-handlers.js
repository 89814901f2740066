'use strict';
/**
 * Local serverless plugin: when `npm start` (or the test harness) has already
 * bundled every handler in one esbuild pass (SANDBOX_PREBUILT=true), mark each
 * function `skipEsbuild` so serverless-esbuild does not bundle them again one
 * by one, and shortens the local stream reader's polling. Without the variable (sls package,
 * deploy) it does nothing.
 */
class PrebuiltHandlers {
  constructor(serverless) {
    if (process.env.SANDBOX_PREBUILT !== 'true') return;
    this.hooks = {
      initialize: () => {
        for (const fn of Object.values(serverless.service.functions ?? {})) {
          fn.skipEsbuild = true;
          // Poll DynamoDB Local's stream every 200 ms: dynamodb-streams-readable waits `readInterval`
          // (default 500 ms) after an empty read and again before handing on each batch, which was
          // most of the event and webhook lag. Set here, after config validation, because the
          // stream event's schema has no such property (it exists only in the local reader).
          for (const e of fn.events ?? []) if (e.stream && typeof e.stream === 'object') e.stream.readInterval = 200;
        }
      },
    };
  }
}
module.exports = PrebuiltHandlers;
