import type { ActionContext } from './action';

/**
 * A typed operation (docs/operations.md): one business action with its input and output in
 * domain terms (arrays, booleans, Dates; no wire encodings such as JSON-string lists or
 * `Name.N`), raising typed domain errors (ApiErrors that carry a `reason`: shared/domain/*-errors),
 * and writing only through the unit of work of its context. Each dialect is a codec around it:
 * the ECS declaration parses its wire into the input and renders the output; the EC2 adapter
 * does the same from the EC2 model and runs it with `Ec2Call.perform` (one unit of work per
 * EC2 call, DryRun and policies as for an ECS action).
 */
export interface Operation<I, O> {
  /** The ECS action it implements (for logs and the policy of a call that has no EC2 name). */
  name: string;
  run(input: I, ctx: ActionContext): Promise<O>;
}

export const defineOperation = <I, O>(op: Operation<I, O>): Operation<I, O> => op;
