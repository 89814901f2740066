/**
 * Walks an answer field by field against an official Alibaba Cloud SDK response model
 * (`<Action>ResponseBody` with `names()`/`types()`, nested models included): a field the model does
 * not know, or of another JSON type, is reported as `<path> (…)`. Used by the ECS and VPC
 * response drift tests (docs/sdk-drift.md).
 */
export type Model = { names(): Record<string, string>; types(): Record<string, unknown> };

export function driftOf(value: unknown, model: Model, path: string, out: string[]): void {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return;
  const types = model.types();
  const byWire = new Map(Object.entries(model.names()).map(([key, wire]) => [wire, types[key]]));
  for (const [wire, v] of Object.entries(value as Record<string, unknown>)) {
    const at = `${path}.${wire}`;
    if (!byWire.has(wire)) {
      out.push(`${at} (not in the model)`);
      continue;
    }
    check(v, byWire.get(wire), at, out);
  }
}

function check(v: unknown, t: unknown, at: string, out: string[]): void {
  if (v === undefined || v === null) return;
  if (typeof t === 'function') return driftOf(v, t as unknown as Model, at, out);
  if (typeof t === 'string') {
    if (t === 'any') return;
    const actual = typeof v;
    if (actual !== t) out.push(`${at} (model ${t}, answered ${Array.isArray(v) ? 'array' : actual})`);
    return;
  }
  const shape = t as { type?: string; itemType?: unknown };
  if (shape?.type === 'array') {
    if (!Array.isArray(v)) return void out.push(`${at} (model array, answered ${typeof v})`);
    v.forEach((item, i) => check(item, shape.itemType, `${at}[${i}]`, out));
  }
}
