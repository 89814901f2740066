import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { belongsToAccount, deleteWhere, putItems, scanAll, type Item } from '../store/bulk-state';

/**
 * Reset, export and import of the whole sandbox (the control plane, README "Control plane").
 *
 * A full reset empties both tables except the default account's identity (its account item,
 * access keys and API tokens, so the banner's credentials keep working) and the remembered
 * signature nonces (replay protection outlives a reset); the clock item goes with the rest, so the
 * sandbox clock is back at real time and the duration profile back at SANDBOX_DURATIONS. An
 * account reset removes that account's resources, counters, timers, events, ledger and deliveries
 * and keeps its identity and the clock.
 *
 * An export is the state table as JSON; an import replaces the state table with it (the same keep
 * rules as a full reset) and empties the views table, which the stream then derives again from the
 * imported items: events and charges start afresh at the import.
 */
export interface Tables {
  db: DynamoDBDocumentClient;
  state: string;
  views: string;
}

export const EXPORT_FORMAT = 'compute-sandbox-state';
export const EXPORT_FORMAT_VERSION = 1;

export interface StateDocument {
  Format: typeof EXPORT_FORMAT;
  FormatVersion: number;
  ExportedAt: string;
  Items: Item[];
}

/** Items a full reset or an import leaves in place. */
async function keeper(t: Tables, defaultAccountId: string): Promise<(item: Item) => boolean> {
  const defaultKeys = new Set<string>();
  for await (const page of scanAll(t.db, t.state)) {
    for (const i of page) if (i.pk.startsWith('ACCESSKEY#') && i.accountId === defaultAccountId) defaultKeys.add(String(i.accessKeyId));
  }
  return (i) =>
    i.pk.startsWith('NONCE#') ||
    (i.pk === `ACCOUNT#${defaultAccountId}` && (i.sk === 'ACCOUNT' || i.sk.startsWith('ACCESSKEY#'))) ||
    (i.pk.startsWith('ACCESSKEY#') && i.accountId === defaultAccountId) ||
    (i.pk.startsWith('APITOKEN#') && defaultKeys.has(String(i.accessKeyId)));
}

export async function resetAll(t: Tables, defaultAccountId: string): Promise<{ StateItemsDeleted: number; ViewItemsDeleted: number }> {
  const keep = await keeper(t, defaultAccountId);
  const StateItemsDeleted = await deleteWhere(t.db, t.state, (i) => !keep(i));
  const ViewItemsDeleted = await deleteWhere(t.db, t.views, () => true);
  return { StateItemsDeleted, ViewItemsDeleted };
}

export async function resetAccount(t: Tables, accountId: string): Promise<{ StateItemsDeleted: number; ViewItemsDeleted: number }> {
  const StateItemsDeleted = await deleteWhere(t.db, t.state, (i) => belongsToAccount(i, accountId));
  const ViewItemsDeleted = await deleteWhere(t.db, t.views, (i) => belongsToAccount(i, accountId));
  return { StateItemsDeleted, ViewItemsDeleted };
}

export async function exportState(t: Tables, now: Date): Promise<StateDocument> {
  const Items: Item[] = [];
  // Nonces are replay protection of this instance, not state worth carrying to another.
  for await (const page of scanAll(t.db, t.state)) Items.push(...page.filter((i) => !i.pk.startsWith('NONCE#')));
  return { Format: EXPORT_FORMAT, FormatVersion: EXPORT_FORMAT_VERSION, ExportedAt: now.toISOString(), Items };
}

/** Why a document cannot be imported, or undefined when it can. */
export function invalidDocument(doc: unknown): string | undefined {
  if (!doc || typeof doc !== 'object') return 'The body must be a JSON object.';
  const d = doc as Partial<StateDocument>;
  if (d.Format !== EXPORT_FORMAT) return `Format must be "${EXPORT_FORMAT}".`;
  if (d.FormatVersion !== EXPORT_FORMAT_VERSION)
    return `FormatVersion ${String(d.FormatVersion)} is not supported (this sandbox reads ${EXPORT_FORMAT_VERSION}).`;
  if (!Array.isArray(d.Items)) return 'Items must be an array.';
  const bad = d.Items.findIndex((i) => !i || typeof i !== 'object' || typeof i.pk !== 'string' || typeof i.sk !== 'string' || !i.pk || !i.sk);
  if (bad >= 0) return `Items[${bad}] needs string pk and sk.`;
  return undefined;
}

export async function importState(t: Tables, doc: StateDocument, defaultAccountId: string): Promise<{ ItemsImported: number; StateItemsDeleted: number }> {
  const removed = await resetAll(t, defaultAccountId);
  // Identity items of the default account were kept; the document's copies replace them.
  await putItems(
    t.db,
    t.state,
    doc.Items.filter((i) => !i.pk.startsWith('NONCE#')),
  );
  return { ItemsImported: doc.Items.length, StateItemsDeleted: removed.StateItemsDeleted };
}
