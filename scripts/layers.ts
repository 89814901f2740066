import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import layers from './lib/layers.json';
import { layerOf } from './lib/layer-of';

/**
 * `npm run layers`: the import graph between layers (scripts/lib/layers.json), one line per
 * pair of layers with the number of imports, lowest layer first. An import from a lower layer
 * into a higher one is marked UPWARD and makes the script exit 1; eslint.config.mjs refuses
 * the same imports file by file.
 */
const root = join(dirname(new URL(import.meta.url).pathname), '..');
const order = layers.order;
const IMPORT = /(?:^|\s)(?:import|export)\b[^'"]*?from\s*['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/gm;

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) yield path;
  }
}

const edges = new Map<string, { count: number; examples: string[] }>();
for (const top of ['shared', 'functions']) {
  for (const file of sourceFiles(join(root, top))) {
    const from = layerOf(relative(root, file), order);
    if (!from) continue;
    for (const m of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const target = relative(root, normalize(join(dirname(file), m[1] ?? m[2]!)));
      const to = layerOf(target, order);
      if (!to || to === from) continue;
      const key = `${from} -> ${to}`;
      const edge = edges.get(key) ?? { count: 0, examples: [] };
      edge.count++;
      edge.examples.push(`${relative(root, file)} -> ${target}`);
      edges.set(key, edge);
    }
  }
}

console.log(`layers, lowest first: ${order.join(' <- ')}`);
let upward = 0;
const rank = (l: string) => order.indexOf(l);
const sorted = [...edges.entries()].sort(([a], [b]) => {
  const [fa, ta] = a.split(' -> ') as [string, string];
  const [fb, tb] = b.split(' -> ') as [string, string];
  return rank(fa) - rank(fb) || rank(ta) - rank(tb);
});
for (const [key, { count, examples }] of sorted) {
  const [from, to] = key.split(' -> ') as [string, string];
  const up = rank(to) > rank(from);
  console.log(`${up ? 'UPWARD ' : '       '}${from.padEnd(12)} -> ${to.padEnd(12)} ${count}`);
  if (up) {
    upward++;
    for (const e of examples) console.log(`          ${e}`);
  }
}
console.log(upward === 0 ? 'no upward import' : `${upward} upward layer pair(s)`);
process.exit(upward === 0 ? 0 : 1);
