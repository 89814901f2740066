'use strict';
/**
 * Local serverless plugin: every handler is bundled in ONE esbuild pass of split ES modules
 * (scripts/lib/prebuild.ts), never one function at a time.
 *
 * - `npm start` and the test harness have already bundled (SANDBOX_PREBUILT=true): each function is
 *   marked `skipEsbuild`, and serverless-offline runs the bundle.
 * - `sls package` / `sls deploy` (those commands only): the same bundle (without source maps) is built and zipped once
 *   (scripts/package-bundle.ts) and becomes the service's one artifact, shared by every function;
 *   serverless-esbuild bundles nothing. One pass takes seconds where ~200 separate bundles took
 *   minutes and gigabytes of memory. The handler sizes are printed (entry plus the chunks it loads).
 * - Locally it also shortens the stream reader's polling (see `fasterLocalStream`).
 */
const { execFileSync } = require('node:child_process');
const { join } = require('node:path');
const { mkdirSync, writeFileSync } = require('node:fs');

/** serverless-esbuild's work folder while packaging (its `outputWorkFolder`; `.esbuild` otherwise). */
const PACKAGING_WORK_FOLDER = '.build/esbuild-package';

class PrebuiltHandlers {
  constructor(serverless, options) {
    this.serverless = serverless;
    this.options = options;
    const skipAll = () => {
      for (const fn of Object.values(serverless.service.functions ?? {})) fn.skipEsbuild = true;
    };
    // Poll DynamoDB Local's stream every 200 ms: dynamodb-streams-readable waits `readInterval`
    // (default 500 ms) after an empty read and again before handing on each batch, which was most
    // of the event and webhook lag. Set after config validation, because the stream event's schema
    // has no such property (it exists only in the local reader).
    const fasterLocalStream = () => {
      for (const fn of Object.values(serverless.service.functions ?? {})) {
        for (const e of fn.events ?? []) if (e.stream && typeof e.stream === 'object') e.stream.readInterval = 200;
      }
    };
    if (process.env.SANDBOX_PREBUILT === 'true') {
      this.hooks = {
        initialize: () => {
          skipAll();
          fasterLocalStream();
        },
      };
      return;
    }
    // Only packaging (package, deploy) zips the one bundle; `invoke local` and the like keep
    // serverless-esbuild's own per-function build.
    this.hooks = {
      initialize: () => {
        const command = (serverless.processedInput?.commands ?? []).join(' ');
        if (command === 'package' || command === 'deploy') {
          skipAll();
          this.packaging = true;
          // serverless-esbuild removes its whole work folder after packaging: with the default
          // `.esbuild`, a `serverless invoke local` running at that moment (the test suite runs two
          // sandboxes side by side) lost its bundle mid-run. Packaging gets a folder of its own, read
          // by serverless-esbuild's initialize, which runs after this plugin's (plugin order).
          const custom = (serverless.service.custom ??= {});
          custom.esbuild = { ...(custom.esbuild ?? {}), outputWorkFolder: PACKAGING_WORK_FOLDER };
        }
      },
      'before:package:createDeploymentArtifacts': () => (this.packaging ? this.bundle() : undefined),
    };
  }

  bundle() {
    const root = this.serverless.serviceDir || this.serverless.config.servicePath;
    const outdir = join(root, '.build/package-bundle');
    // Serverless writes every artifact to <service>/.serverless and moves them to --package at the end.
    const zip = join(root, '.serverless', `${this.serverless.service.service}.zip`);
    // Fails (and so does packaging) when a handler is over its size budget (scripts/lib/bundle-budget.ts).
    const out = execFileSync(process.execPath, ['--import', 'tsx', join(root, 'scripts/package-bundle.ts'), outdir, zip], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const report = JSON.parse(out.trim().split('\n').pop());
    // serverless-esbuild still moves its work folder's `.serverless` into the service's after packaging
    // (moveArtifacts), though it bundled nothing here and so never made that folder: on a fresh clone
    // packaging failed with ENOENT .esbuild/.serverless. An empty one moves nothing.
    mkdirSync(join(root, PACKAGING_WORK_FOLDER, '.serverless'), { recursive: true });
    const kb = (n) => `${Math.round(n / 1024)} KB`;
    // Every function's size, largest first, beside the bundle (the log shows the largest few).
    const sizes = [...report.sizes].sort((a, b) => b.bytes - a.bytes);
    const sizesFile = join(root, '.build/package-bundle-sizes.json');
    writeFileSync(sizesFile, `${JSON.stringify(sizes, null, 1)}\n`);
    this.serverless.cli.log(
      `prebuilt-handlers: ${report.handlers} handlers bundled in ${report.bundleMs} ms; one archive of ${kb(report.zipBytes)}; ` +
        `largest: ${sizes
          .slice(0, 5)
          .map((s) => `${s.handler} ${kb(s.bytes)}`)
          .join(', ')}; every function's size: ${sizesFile}`,
    );
    this.serverless.service.package.artifact = zip;
  }
}
module.exports = PrebuiltHandlers;
