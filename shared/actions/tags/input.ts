import { z } from 'zod';
import type { TagFilter, TagInput } from '../../domain/tags';
import { p } from '../params';

/**
 * `Tag.N.Key` / `Tag.N.Value` as the schemas take them. The schema accepts any count so that the
 * domain's documented codes answer (InvalidTagCount over 20, InvalidTag.Mismatch, …) rather than
 * a generic InvalidParameter.
 */
export const tagEntries = () => p.list(z.object({ Key: p.string().optional(), Value: p.string().optional() }), { max: 1000 }).optional();

type Entries = { Key?: string; Value?: string }[] | undefined;

export const toTagInputs = (tags: Entries): TagInput[] => (tags ?? []).map((t) => ({ key: t.Key, value: t.Value }));

/** A Describe* call's `Tag.N` filter: entries without a key are ignored, a key alone matches any value. */
export const toTagFilter = (tags: Entries): TagFilter[] =>
  (tags ?? []).filter((t) => t.Key !== undefined && t.Key !== '').map((t) => ({ key: t.Key!, value: t.Value }));
