/**
 * The local due-time ticker: invokes the `dueTick` Lambda through serverless-offline's Lambda
 * endpoint once a second (the AWS Lambda Invoke API, which serverless-offline serves on its
 * lambdaPort), so every timed change is persisted, and its event and webhooks go out, within about
 * a second of its due time with nobody reading. A tick starts only after the previous one ended, so
 * ticks never pile up on a busy machine. Deployed, the same function loops on its own schedule.
 */
export interface Ticker {
  stop: () => Promise<void>;
  /** Ticks run, failed ticks (the last error kept for the start-up report). */
  stats: () => { ticks: number; failures: number; lastError?: string };
}

export function startTicker(opts: { lambdaEndpoint: string; service?: string; stage?: string; intervalMs?: number }): Ticker {
  const fn = `${opts.service ?? 'compute-sandbox'}-${opts.stage ?? 'local'}-dueTick`;
  const url = `${opts.lambdaEndpoint}/2015-03-31/functions/${fn}/invocations`;
  const interval = opts.intervalMs ?? 1000;
  let stopped = false;
  let ticks = 0;
  let failures = 0;
  let lastError: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const tick = async () => {
    const started = Date.now();
    try {
      const res = await fetch(url, { method: 'POST', body: '{}', signal: AbortSignal.timeout(30_000) });
      await res.arrayBuffer();
      if (res.status !== 200 || res.headers.get('x-amz-function-error')) throw new Error(`dueTick answered ${res.status}`);
      ticks++;
    } catch (e) {
      failures++;
      lastError = e instanceof Error ? e.message : String(e);
    }
    if (!stopped) timer = setTimeout(() => (running = tick()), Math.max(0, interval - (Date.now() - started)));
  };
  running = tick();
  return {
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
    stats: () => ({ ticks, failures, lastError }),
  };
}
