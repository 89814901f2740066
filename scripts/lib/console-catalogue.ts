import { z } from 'zod';
import type { ActionDefinition } from '../../shared/actions/action';

/**
 * The console's API page lists every registered action with a form for its
 * parameters. Browsers cannot import the registry (it is server code), so
 * `npm run sync-actions` writes what the form needs (names, audiences, each
 * parameter's name, JSON type, whether it is required, its allowed values) to
 * console/src/generated/actions.json, read from each action's input schema
 * through zod's JSON Schema export. tests/unit/console-catalogue.test.ts fails
 * when the file disagrees with the registry.
 */
export interface CatalogueParam {
  name: string;
  type: string;
  required: boolean;
  enum?: string[];
  /** For lists: the type of one item. */
  items?: string;
}
export interface CatalogueAction {
  name: string;
  api: 'ECS' | 'VPC';
  audience: ActionDefinition['audience'];
  params: CatalogueParam[];
}

type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  anyOf?: JsonSchema[];
};

const typeOf = (s: JsonSchema | undefined): string => {
  if (!s) return 'string';
  if (s.enum) return 'enum';
  if (Array.isArray(s.type)) return s.type.find((t) => t !== 'null') ?? 'string';
  if (s.type) return s.type;
  if (s.anyOf?.length) return typeOf(s.anyOf.find((a) => a.type !== 'null'));
  return 'string';
};

export function catalogueOf(actions: readonly ActionDefinition[], vpcNames: ReadonlySet<string>): CatalogueAction[] {
  return [...actions]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((a) => {
      const schema = z.toJSONSchema(a.input, { unrepresentable: 'any', io: 'input' }) as JsonSchema;
      const required = new Set(schema.required ?? []);
      const params = Object.entries(schema.properties ?? {}).map(([name, s]): CatalogueParam => {
        const type = typeOf(s);
        return {
          name,
          type,
          required: required.has(name),
          ...(s.enum ? { enum: s.enum.map(String) } : {}),
          ...(type === 'array' ? { items: typeOf(s.items) } : {}),
        };
      });
      // Required parameters first, then the rest in the schema's order.
      params.sort((x, y) => Number(y.required) - Number(x.required));
      return { name: a.name, api: vpcNames.has(a.name) ? 'VPC' : 'ECS', audience: a.audience, params };
    });
}

/** One action per line: a new action is a one-line change, and a conflict is settled by running sync-actions again. */
export function renderConsoleCatalogue(actions: readonly ActionDefinition[], vpcNames: ReadonlySet<string>): string {
  return `[\n${catalogueOf(actions, vpcNames)
    .map((a) => `  ${JSON.stringify(a)}`)
    .join(',\n')}\n]\n`;
}
