/**
 * RPC wire parameters arrive flat: `Tag.1.Key=k`, `InstanceId.2=i-b`,
 * `SystemDisk.Category=cloud_essd`. This turns them into the nested shape the
 * action schemas (and the JSON `/api/<Action>` route) use:
 * `{Tag:[{Key:'k'}], InstanceId:[…,'i-b'], SystemDisk:{Category:'cloud_essd'}}`.
 * A numeric segment is a 1-based list position; lists are compacted in index
 * order (a gap is not an error, as on the real API). It never throws: odd
 * input becomes odd values that the schema then rejects with a proper code.
 */
type Node = { [k: string]: Node | string };

const UNSAFE = new Set(['__proto__', 'constructor', 'prototype']);
const isIndex = (s: string) => /^[0-9]{1,9}$/.test(s);

export function unflattenParams(flat: Record<string, string>): Record<string, unknown> {
  const root: Node = {};
  for (const [name, value] of Object.entries(flat)) {
    const parts = name.split('.');
    if (parts.some((p) => p === '' || UNSAFE.has(p))) continue;
    let node = root;
    for (let i = 0; i < parts.length - 1; i++) {
      const part = parts[i]!;
      const next = node[part];
      if (typeof next !== 'object') node[part] = {};
      node = node[part] as Node;
    }
    const last = parts[parts.length - 1]!;
    // A scalar never replaces a nested group already built from longer names.
    if (typeof node[last] !== 'object') node[last] = value;
  }
  // The top level is always a map of parameter names (`?1=a` is a parameter named "1", not a list).
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(root)) out[k] = toLists(root[k]!);
  return out;
}

function toLists(node: Node | string): unknown {
  if (typeof node === 'string') return node;
  const keys = Object.keys(node);
  if (keys.length > 0 && keys.every(isIndex)) {
    // Keys as sent (`01` is position 1 too): a number-to-string round trip would look up `1` and miss.
    return keys
      .filter((k) => Number(k) >= 1)
      .sort((a, b) => Number(a) - Number(b))
      .map((k) => toLists(node[k]!));
  }
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = toLists(node[k]!);
  return out;
}
