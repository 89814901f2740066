import { WriteConflict } from './state-store';

/**
 * Run `work` again on a WriteConflict (a concurrent writer changed what it
 * read), up to `attempts` times in all, waiting `backoffMs(attempt)` between
 * tries; any other error, or the last conflict, is thrown. `work` must read
 * afresh each time.
 */
export async function retryOnConflict<T>(attempts: number, work: () => Promise<T>, backoffMs: (attempt: number) => number = () => 0): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (e) {
      if (!(e instanceof WriteConflict) || attempt >= attempts) throw e;
      const wait = backoffMs(attempt);
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
  }
}
