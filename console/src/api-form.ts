/**
 * The API page's form values → the JSON body of `POST /api/<Action>`. Empty fields
 * are left out (the action's defaults apply). Lists take a JSON array or
 * comma-separated values; objects and lists of objects take JSON. A value that
 * does not parse is reported before anything is sent.
 */
export interface FormParam {
  name: string;
  type: string;
  required: boolean;
  enum?: string[];
  items?: string;
}

export class FormError extends Error {}

export function bodyOf(params: FormParam[], values: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of params) {
    const raw = (values[p.name] ?? '').trim();
    if (raw === '') continue;
    out[p.name] = valueOf(p, raw);
  }
  return out;
}

function valueOf(p: FormParam, raw: string): unknown {
  switch (p.type) {
    case 'integer':
    case 'number': {
      const n = Number(raw);
      // Sent as typed: the API answers a malformed number with its own error.
      return Number.isFinite(n) ? n : raw;
    }
    case 'boolean':
      return raw === 'true';
    case 'array':
      if (raw.startsWith('[')) return parse(p.name, raw);
      if (p.items === 'object') throw new FormError(`${p.name}: a JSON array of objects, e.g. [{"Key":"k","Value":"v"}]`);
      return raw
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean)
        .map((x) => (p.items === 'integer' || p.items === 'number' ? Number(x) : x));
    case 'object':
      return parse(p.name, raw);
    default:
      return raw;
  }
}

function parse(name: string, raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    throw new FormError(`${name}: not valid JSON`);
  }
}
