// ESLint 10 flat config: https://eslint.org/docs/latest/use/configure/configuration-files
// typescript-eslint, type-checked: https://typescript-eslint.io/getting-started/typed-linting
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The layer order (scripts/lib/layers.json, lowest first):
 *   platform ← domain ← store ← projections ← jobs ← actions ← control ← protocol ← middleware ← functions
 * - platform: clock formats, ids, config, logger, pool; imports nothing of ours.
 * - domain: entities, rules, typed errors; pure.
 * - store: DynamoDB persistence, the sandbox clock (an item of the state table), the unit of work,
 *   the release of an instance's network bookkeeping (store/network-release.ts).
 * - projections: what the stream handler derives (events, ledger, webhook deliveries).
 * - jobs: scheduled sweeps; they publish events and deliver webhooks through projections.
 * - actions: the API actions (the typed operations of issue 12 will sit here); RunScheduledJobs and
 *   RebuildViews are actions, so actions sit above jobs and projections.
 * - control: the control plane's bulk state operations (export, import, reset), over the store.
 * - protocol: the wire codecs (ECS RPC, EC2 Query) over the actions.
 * - middleware: the middy middlewares the handlers share.
 * - functions: the Lambda handlers.
 * A file may import from its own layer and the layers before it; `npm run layers` prints the graph.
 * Relative imports are matched by the layer folder they reach (`../store/keys`, `../../actions/x`).
 */
const { order } = JSON.parse(readFileSync(join(import.meta.dirname, 'scripts/lib/layers.json'), 'utf8'));
const layerRules = order.slice(0, -1).map((layer, i) => {
  const above = order.slice(i + 1);
  return {
    files: [`shared/${layer}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: `^(\\./)?(\\.\\./)+(shared/)?(${above.join('|')})(/|$)`,
              message: `shared/${layer} sits below ${above.join(', ')} in the layer order (eslint.config.mjs); move the code down or invert the dependency.`,
            },
          ],
        },
      ],
    },
  };
});

export default tseslint.config(
  {
    ignores: ['node_modules/**', '.esbuild/**', '.build/**', '.serverless/**', '.sandbox-data/**', 'coverage/**', 'bench/**', '**/*.generated.ts'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['vitest.config.ts'] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // The codebase's way to drop fields: `const { pk: _pk, sk: _sk, ...rest } = item`.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true, caughtErrors: 'none' },
      ],
      // Relaxed: action handlers, job runners and EC2 adapters implement async interfaces; a
      // synchronous body (a catalogue read) is still an async implementation.
      '@typescript-eslint/require-await': 'off',
      // Relaxed: store items are read as Record<string, unknown> and their key fields (pk, sk,
      // status, timestamps) are strings by construction; `String(item.pk)` is how the code says so.
      // Typing items end to end is issue 12's StateStore work (item 5), not a lint fix.
      '@typescript-eslint/no-base-to-string': 'off',
    },
  },
  // No `any` in the layers below the wire: domain, store, projections, jobs, actions
  // (ActionDefinition is generic over unknown input and output), middleware, functions.
  { files: ['shared/**/*.ts', 'functions/**/*.ts'], rules: { '@typescript-eslint/no-explicit-any': 'error' } },
  {
    // Relaxed for the EC2 dialect only: its adapters call ECS actions through `ecs<T = any>` and read
    // the botocore-shaped input as loose records. Issue 12 items 1-2 replace them with typed
    // operations and generated shapes; until then `any` and its unsafe-* uses stay allowed here.
    files: ['shared/protocol/ec2/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      // XML 1.0 forbids these control characters; the codec strips them on purpose.
      'no-control-regex': 'off',
    },
  },
  {
    // Relaxed in tests and scripts: they read SDK responses, XML and JSON as loose values and
    // assert on them; typing every response would add nothing the assertions do not check.
    files: ['tests/**/*.ts', 'scripts/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/restrict-template-expressions': 'off',
    },
  },
  {
    // Relaxed for the console (Preact): event handlers may be async functions; each awaits its call
    // and shows the error itself, so the returned promise is not lost.
    files: ['console/**/*.ts', 'console/**/*.tsx'],
    rules: { '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }] },
  },
  {
    // Relaxed in scripts: timers such as the local ticker pass async callbacks to setInterval and catch inside.
    files: ['scripts/**/*.ts'],
    rules: { '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }] },
  },
  ...layerRules,
  // Plain JavaScript (this file, the serverless plugin) is linted without type information.
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
  // Serverless Framework plugins are CommonJS modules: require() is how they load.
  { files: ['scripts/serverless/*.js'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
  {
    files: ['scripts/serverless/*.js'],
    languageOptions: { globals: { require: 'readonly', module: 'writable', process: 'readonly', console: 'readonly', __dirname: 'readonly' } },
  },
);
