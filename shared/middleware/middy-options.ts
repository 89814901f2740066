/**
 * The options every sandbox Lambda passes to `middy(handler, options)`. Middy's early
 * timeout is off (`timeoutEarlyInMillis: 0`, https://middy.js.org/docs/intro/early-interrupt):
 * Lambda itself ends a run at the function's timeout, and locally serverless-offline runs
 * with `noTimeout`, where an early abort would cut long sweeps and stream batches short.
 */
export const middyOptions = { timeoutEarlyInMillis: 0 } as const;
