'use strict';
/**
 * Local serverless plugin: `sls package` / `sls deploy` build the web console
 * (console/ → console/dist, git-ignored) before serverless-esbuild packages the
 * functions; the console function ships console/dist/** (its package patterns).
 * Under npm start (SANDBOX_PREBUILT=true) the stack has built it already.
 */
const { join } = require('node:path');

class ConsoleAssets {
  constructor(serverless) {
    if (process.env.SANDBOX_PREBUILT === 'true') return;
    const root = serverless.config.servicePath;
    const buildConsole = async () => {
      const { build } = await import('vite');
      await build({
        root: join(root, 'console'),
        configFile: join(root, 'console/vite.config.mts'),
        build: { outDir: join(root, 'console/dist'), emptyOutDir: true },
        logLevel: 'warn',
      });
    };
    this.hooks = {
      'before:package:createDeploymentArtifacts': buildConsole,
      'before:deploy:function:packageFunction': buildConsole,
    };
  }
}
module.exports = ConsoleAssets;
