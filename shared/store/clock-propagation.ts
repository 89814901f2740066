import { HOT_ITEM_TTL_MS } from './hot-items';
import { Keys } from './keys';
import type { Key } from './state-store';

/**
 * "Advance, then read" across processes. Every API request takes the sandbox clock from the
 * one-second cache of shared/store/hot-items.ts. Locally every HTTP handler runs in one Node
 * process (serverless-offline in process) and a write of the clock drops the process's copy, so
 * the next request sees the new time. Deployed, each Lambda container keeps its own copy: a
 * script that moves the clock (AdvanceSandboxClock, the control plane) and at once calls
 * DescribeInstances could reach another container still holding the old time.
 *
 * What a user expects is that a call made after the advance answered sees the new time. So,
 * when other processes may hold a copy, a write of the clock answers only once every copy of
 * the previous clock has expired: a copy is kept HOT_ITEM_TTL_MS from the moment its read
 * started, and a read that started after the write committed returns the new item (a
 * consistent read), so after HOT_ITEM_TTL_MS (plus a margin for the hosts' clocks) from the
 * commit no container can answer with the old time. The hot path keeps its cache (no extra read
 * per request: no item every request reads anyway could carry a clock version cheaply: the
 * access key is cached too, and SigV4 calls write no nonce); the price is about a second on each
 * deployed clock write, which only the operator makes, and rarely. Access keys are not waited
 * for: a deleted key may work a second longer in another container (README, "Beyond one machine").
 */

/**
 * Lambda execution environments keep their system clocks with NTP ("The execution environment uses
 * NTP to synchronize the system clock", https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars-runtime.html):
 * their clocks differ by milliseconds; this margin covers far more.
 */
export const HOST_CLOCK_MARGIN_MS = 100;

const CLOCK = Keys.clock();
const isClock = (key: Key): boolean => key.pk === CLOCK.pk && key.sk === CLOCK.sk;

/**
 * Whether every handler that could hold a copy runs in this process and so sees its drops:
 * serverless-offline sets IS_OFFLINE for the handlers it runs (all in process, npm start and the
 * stack tests). A Lambda container, `serverless invoke local` or a script has copies elsewhere.
 */
export const copiesOnlyInThisProcess = (): boolean => process.env.IS_OFFLINE === 'true';

/**
 * After a unit of work of a cached store (`scope`) committed: when it wrote the clock and other
 * processes may hold a copy of it, waits until those copies have expired.
 */
export async function awaitClockCopiesExpired(scope: string | undefined, keys: Iterable<Key>, committedAtMs: number = Date.now()): Promise<void> {
  if (scope === undefined || copiesOnlyInThisProcess()) return;
  if (![...keys].some(isClock)) return;
  const waitMs = committedAtMs + HOT_ITEM_TTL_MS + HOST_CLOCK_MARGIN_MS - Date.now();
  if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
}
