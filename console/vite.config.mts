import { defineConfig } from 'vite';

/**
 * The web console: a static single-page app served by the sandbox itself at
 * /console (functions/gateway/console.ts). Built by the stack at start-up
 * (scripts/lib/console-build.ts) and by `sls package`; everything it loads
 * comes from this build, so it works offline.
 *
 * Preact's JSX is compiled by Vite's own transformer (oxc) with Preact's
 * automatic runtime: @preact/preset-vite adds Babel and hot reload, which a
 * production build does not need and which tripled the build time at start-up.
 */
export default defineConfig({
  base: '/console/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  resolve: { alias: { react: 'preact/compat', 'react-dom': 'preact/compat' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    modulePreload: false,
    reportCompressedSize: false,
    target: 'es2022',
  },
  logLevel: 'warn',
});
