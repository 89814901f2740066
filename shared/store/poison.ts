import type { StateStore } from './state-store';

/** Stream records that kept failing, parked with their error for inspection (views table, kept 30 days). */
export async function parkPoisonRecord(views: StateStore, record: { dynamodb?: { SequenceNumber?: string }; eventID?: string }, error: unknown): Promise<void> {
  const sequence = record.dynamodb?.SequenceNumber ?? record.eventID ?? 'unknown';
  const tx = views.unitOfWork();
  tx.upsert(
    { pk: 'POISON', sk: sequence },
    {
      sequence,
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      record: JSON.stringify(record).slice(0, 350_000),
      parkedAt: new Date().toISOString(),
      expiresAt: Math.floor(Date.now() / 1000) + 30 * 86_400,
    },
  );
  await tx.commit();
}
