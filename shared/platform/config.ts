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
  /** Maximum difference between a request's timestamp and real time (https://www.alibabacloud.com/help/en/sdk/product-overview/rpc-mechanism). */
  signatureMaxSkewSeconds: num('SANDBOX_SIGNATURE_MAX_SKEW_SECONDS', 15 * 60),
  /** How long a used SignatureNonce is remembered; must cover the allowed skew on both sides. */
  nonceTtlSeconds: num('SANDBOX_NONCE_TTL_SECONDS', 30 * 60),
  /** How long a ClientToken answer is kept (the real cloud documents no figure; a day covers any retry loop). */
  clientTokenTtlSeconds: num('SANDBOX_CLIENT_TOKEN_TTL_SECONDS', 24 * 3600),
  hostId: env('SANDBOX_HOST_ID', 'ecs.aliyuncs.com'),
  /** How long a bearer token from CreateApiToken (or the start banner) works: 12 hours. */
  apiTokenTtlSeconds: num('SANDBOX_API_TOKEN_TTL_SECONDS', 12 * 3600),
  /** Webhooks to loopback and private addresses (README "Events and webhooks"): on for npm start and tests, off deployed. */
  webhookAllowPrivate: env('SANDBOX_WEBHOOK_ALLOW_PRIVATE', '0') === '1',
};

export type Config = typeof config;

/** Lifecycle timings of the sandbox (sandbox-clock seconds), README "Configuration". */
export const lifecycle = {
  /** Seconds each transitional instance or disk state lasts (Pending, Starting, Stopping, ...). */
  transitionSeconds: num('SANDBOX_TRANSITION_SECONDS', 5),
  /**
   * Subscription expiry windows of the seed guide (L1305-1313): the instance keeps running for
   * 15 days after ExpiredTime, is then force-stopped, and is released 15 days after that. The
   * current cloud stops at expiry and releases 15 days later (docs/rules/ecs-user-guide.md#subscription-lifecycle): set the first
   * window to 0 to get that behaviour.
   */
  expiryRunningGraceDays: num('SANDBOX_EXPIRY_RUNNING_GRACE_DAYS', 15),
  expiryStoppedGraceDays: num('SANDBOX_EXPIRY_STOPPED_GRACE_DAYS', 15),
  /** Pay-as-you-go instances per account across all regions (docs/rules/ecs-user-guide.md#quotas). */
  defaultPostPaidInstanceQuota: num('SANDBOX_DEFAULT_POSTPAID_INSTANCE_QUOTA', 10),
};

/**
 * Limits only the EC2 dialect applies, AWS's defaults (README "Configuration"; the operator raises
 * them per account with ModifyAccountQuota `OnDemandVcpus` / `Ec2Addresses`).
 */
export const ec2Limits = {
  /** Running On-Demand Standard vCPUs per region (https://docs.aws.amazon.com/ec2/latest/instancetypes/ec2-instance-quotas.html). */
  onDemandVcpusPerRegion: num('SANDBOX_EC2_VCPUS_PER_REGION', 32),
  /** Elastic IP addresses per region (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/elastic-ip-addresses-eip.html#using-instance-addressing-limit). */
  addressesPerRegion: num('SANDBOX_EC2_ADDRESSES_PER_REGION', 5),
};

/**
 * Disks, snapshots and automatic snapshot policies (README "Configuration"). Where the 2017 guide
 * and the current API reference disagree, the default is the guide's and the variable says so.
 */
export const storage = {
  /**
   * AttachDisk needs a Stopped instance (docs/rules/ecs-user-guide.md#disk-attach). The current cloud also attaches to a
   * Running instance (https://www.alibabacloud.com/help/en/ecs/user-guide/instance-lifecycle): set SANDBOX_ATTACH_REQUIRES_STOPPED=0 for that.
   */
  attachRequiresStopped: env('SANDBOX_ATTACH_REQUIRES_STOPPED', '1') !== '0',
  /**
   * Snapshots per disk, manual and automatic together (docs/rules/ecs-user-guide.md#snapshot-quota; the oldest automatic one
   * is deleted when a new one would pass it). The current cloud keeps 256 manual and 1,000
   * automatic snapshots per disk (https://www.alibabacloud.com/help/en/ecs/user-guide/limits). The operator's ModifyAccountQuota
   * `SnapshotsPerDisk` changes it per account.
   */
  snapshotsPerDisk: num('SANDBOX_SNAPSHOTS_PER_DISK', 64),
  /** How long a snapshot takes per GiB it copies: "a 40 GB snapshot takes about 40 minutes" (docs/rules/ecs-user-guide.md#replace-system-disk). */
  snapshotSecondsPerGiB: num('SANDBOX_SNAPSHOT_SECONDS_PER_GIB', 60),
  /** Share of the disk an incremental snapshot copies (a sandbox figure: the guide only says "less"). */
  incrementalSnapshotPercent: num('SANDBOX_SNAPSHOT_INCREMENTAL_PERCENT', 10),
  /** Retention of automatic snapshots when a policy names none: 30 days (docs/rules/ecs-user-guide.md#auto-snapshot-policy; the API's default is -1, forever). */
  defaultAutoSnapshotRetentionDays: num('SANDBOX_AUTO_SNAPSHOT_DEFAULT_RETENTION_DAYS', 30),
  /** Longest retention in days: 65,536 (docs/rules/ecs-user-guide.md#auto-snapshot-policy; the API reference of CreateAutoSnapshotPolicy says 65,535). */
  maxSnapshotRetentionDays: num('SANDBOX_MAX_SNAPSHOT_RETENTION_DAYS', 65_536),
  /** Cloud disks per account, all regions, disks created with instances included (docs/rules/ecs-user-guide.md#disk-create). */
  defaultCloudDiskQuota: num('SANDBOX_DEFAULT_CLOUD_DISK_QUOTA', 250),
  /** Pay-as-you-go disks bought with CreateDisk, per region: this many per pay-as-you-go instance of the quota (docs/rules/ecs-user-guide.md#quotas). */
  postPaidDisksPerInstanceQuota: num('SANDBOX_POSTPAID_DISKS_PER_INSTANCE_QUOTA', 5),
  /** Largest Ultra (cloud_efficiency) and SSD (cloud_ssd) disk: 2,048 GiB (docs/rules/ecs-user-guide.md#quotas; the current cloud allows 32,768). */
  ultraSsdDiskMaxGiB: num('SANDBOX_ULTRA_SSD_DISK_MAX_GIB', 2048),
  /** Automatic snapshot policies per region (docs/rules/ecs-user-guide.md#auto-snapshot-policy; the reference agrees). */
  defaultAutoSnapshotPolicyQuota: num('SANDBOX_DEFAULT_AUTO_SNAPSHOT_POLICY_QUOTA', 100),
};

/** Crash recovery (docs/atomicity.md). */
export const recovery = {
  /**
   * Real seconds the stream handler has to apply a release record before the `releaseEffects`
   * job applies it instead (both are idempotent; the grace only avoids doing the work twice).
   */
  outboxGraceSeconds: num('SANDBOX_OUTBOX_GRACE_SECONDS', 30),
};
