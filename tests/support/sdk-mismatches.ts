/*
 * Walks a response body against the official SDK model (names() and types() of the
 * `<Action>ResponseBody` classes of @alicloud/ecs20140526) for the catalogue unit tests: each wire
 * key the SDK would drop and each value of another JSON type is one line of the answer.
 */
export type SdkModel = { names(): Record<string, string>; types(): Record<string, unknown> };
const PRIMITIVES: Record<string, string> = {
  string: 'string',
  number: 'number',
  integer: 'number',
  long: 'number',
  float: 'number',
  double: 'number',
  boolean: 'boolean',
};

/**
 * Walk a response body against the official SDK model (names() maps camelCase fields to wire
 * names, types() gives their types) and list every wire key the SDK would drop and every value
 * whose JSON type differs from the model's. An empty list means the SDK reads every field.
 */
export function sdkMismatches(value: unknown, model: SdkModel | string, path = '$'): string[] {
  if (typeof model === 'string') {
    const expected = PRIMITIVES[model];
    return expected && typeof value !== expected ? [`${path}: ${typeof value} where the SDK expects ${model}`] : [];
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${path}: not an object`];
  const byWire = new Map(Object.entries(model.names()).map(([field, wire]) => [wire, field]));
  const types = model.types();
  const problems: string[] = [];
  for (const [key, v] of Object.entries(value)) {
    const field = byWire.get(key);
    if (!field) {
      problems.push(`${path}.${key}: unknown to the SDK`);
      continue;
    }
    const t = types[field] as SdkModel | string | { type: 'array'; itemType: SdkModel | string };
    if (typeof t === 'object' && t !== null && 'type' in t && t.type === 'array') {
      if (!Array.isArray(v)) problems.push(`${path}.${key}: not an array`);
      else v.forEach((item, i) => problems.push(...sdkMismatches(item, t.itemType, `${path}.${key}[${i}]`)));
    } else {
      problems.push(...sdkMismatches(v, t as SdkModel | string, `${path}.${key}`));
    }
  }
  return problems;
}
