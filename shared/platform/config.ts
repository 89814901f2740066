/**
 * Every tunable of the sandbox, read from the environment once per cold start.
 * Defaults are documented in the README (Configuration). Durations are in
 * seconds of the sandbox clock.
 */
const env = (name: string, fallback: string): string => {
  const v = process.env[name];
  return v === undefined || v === '' ? fallback : v;
};
const num = (name: string, fallback: number): number => {
  const n = Number(env(name, String(fallback)));
  return Number.isFinite(n) ? n : fallback;
};

export const config = {
  stateTable: env('SANDBOX_STATE_TABLE', 'compute-sandbox-state'),
  viewsTable: env('SANDBOX_VIEWS_TABLE', 'compute-sandbox-views'),
  /** Set locally (DynamoDB Local); unset when deployed so the SDK uses the regional endpoint. */
  dynamoEndpoint: process.env.SANDBOX_DYNAMODB_ENDPOINT || undefined,
  awsRegion: env('AWS_REGION', 'us-east-1'),
  adminAccessKeyId: env('SANDBOX_ADMIN_ACCESS_KEY_ID', 'SandboxOperatorKey'),
  adminAccessKeySecret: env('SANDBOX_ADMIN_ACCESS_KEY_SECRET', 'SandboxOperatorSecret'),
  defaultAccountId: env('SANDBOX_DEFAULT_ACCOUNT_ID', '100000000001'),
  defaultAccessKeyId: env('SANDBOX_DEFAULT_ACCESS_KEY_ID', 'SandboxDefaultKey'),
  defaultAccessKeySecret: env('SANDBOX_DEFAULT_ACCESS_KEY_SECRET', 'SandboxDefaultSecret'),
  /** Maximum difference between a request's timestamp and real time (ecs-api.md §1.2). */
  signatureMaxSkewSeconds: num('SANDBOX_SIGNATURE_MAX_SKEW_SECONDS', 15 * 60),
  /** How long a used SignatureNonce is remembered; must cover the allowed skew on both sides. */
  nonceTtlSeconds: num('SANDBOX_NONCE_TTL_SECONDS', 30 * 60),
  /** How long a ClientToken answer is kept (the real cloud documents no figure; a day covers any retry loop). */
  clientTokenTtlSeconds: num('SANDBOX_CLIENT_TOKEN_TTL_SECONDS', 24 * 3600),
  hostId: env('SANDBOX_HOST_ID', 'ecs.aliyuncs.com'),
};

export type Config = typeof config;

/** Lifecycle timings of the sandbox (sandbox-clock seconds), README "Configuration". */
export const lifecycle = {
  /** Seconds each transitional instance or disk state lasts (Pending, Starting, Stopping, ...). */
  transitionSeconds: num('SANDBOX_TRANSITION_SECONDS', 5),
  /**
   * Subscription expiry windows of the seed guide (L1305-1313): the instance keeps running for
   * 15 days after ExpiredTime, is then force-stopped, and is released 15 days after that. The
   * current cloud stops at expiry and releases 15 days later (ecs-api.md §2.2): set the first
   * window to 0 to get that behaviour.
   */
  expiryRunningGraceDays: num('SANDBOX_EXPIRY_RUNNING_GRACE_DAYS', 15),
  expiryStoppedGraceDays: num('SANDBOX_EXPIRY_STOPPED_GRACE_DAYS', 15),
  /** Pay-as-you-go instances per account across all regions (guide Q5, L118). */
  defaultPostPaidInstanceQuota: num('SANDBOX_DEFAULT_POSTPAID_INSTANCE_QUOTA', 10),
};
