/**
 * Work through items with at most `concurrency` in flight: enough to overlap
 * DynamoDB round trips without flooding the table (or DynamoDB Local's one JVM).
 */
export async function runPool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  });
  await Promise.all(workers);
}
