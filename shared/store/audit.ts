import type { Caller } from '../domain/account';
import { isKnownRegion } from '../domain/catalogue/regions';
import type { AuditRecord } from '../domain/events';
import { isApiError } from '../domain/errors';
import { logger } from '../platform/logger';
import { Keys } from './keys';
import type { StateStore } from './state-store';

/**
 * The audit trail: one record per authenticated API call, written to the
 * state table so that it flows through the stream like every other fact (the
 * stream handler turns it into an `ApiCall` event, and an `Alert.RiskyOperation`
 * for the calls the ECS guide on releasing instances (https://www.alibabacloud.com/help/en/ecs/user-guide/release-an-instance) advises watching). Kept 90 days.
 */
export const AUDIT = 'audit';
const RETENTION_SECONDS = 90 * 86_400;
const SECRET_NAME = /password|secret|token|userdata|privatekey/i;
/** Parameters that name the resource a call is about, most specific first. */
const RESOURCE_PARAMS = ['InstanceId', 'DiskId', 'SnapshotId', 'ImageId', 'SecurityGroupId', 'AllocationId', 'KeyPairName', 'WebhookId', 'InstanceIds'];

/**
 * What the audit keeps of a call's parameters: secrets masked, and bounded, so
 * that whatever a client sends (a megabyte string, a deep tree, thousands of
 * list items) still makes a record and events that fit DynamoDB's 400 KB item.
 */
const MAX_STRING = 1024;
const MAX_LIST = 100;
const MAX_KEYS = 100;
const MAX_DEPTH = 6;

export function redact(params: Record<string, unknown>, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const entries = Object.entries(params);
  for (const [k, v] of entries.slice(0, MAX_KEYS)) out[bounded(k)] = SECRET_NAME.test(k) ? '******' : boundedValue(v, depth + 1);
  if (entries.length > MAX_KEYS) out['…'] = `${entries.length - MAX_KEYS} more parameters`;
  return out;
}

function boundedValue(v: unknown, depth: number): unknown {
  if (typeof v === 'string') return bounded(v);
  if (v === null || typeof v !== 'object') return v;
  if (depth > MAX_DEPTH) return '…';
  if (Array.isArray(v)) {
    const items = v.slice(0, MAX_LIST).map((x) => boundedValue(x, depth + 1));
    return v.length > MAX_LIST ? [...items, `… ${v.length - MAX_LIST} more`] : items;
  }
  return redact(v as Record<string, unknown>, depth);
}

const bounded = (s: string) => (s.length > MAX_STRING ? `${s.slice(0, MAX_STRING)}… (${s.length} characters)` : s);

/** A resource id as the cloud writes them (`i-…`, `sg-…`, a key pair name): anything else names no resource. */
const RESOURCE_ID = /^[\p{L}\p{N}_.:@-]{1,128}$/u;

export function resourceOf(params: Record<string, unknown>): string | undefined {
  for (const name of RESOURCE_PARAMS) {
    let v = params[name];
    if (typeof v === 'string' && v.startsWith('[')) {
      try {
        v = JSON.parse(v);
      } catch {
        /* a plain string */
      }
    }
    if (Array.isArray(v)) v = v[0];
    if (typeof v === 'string' && RESOURCE_ID.test(v)) return v;
  }
  return undefined;
}

export interface CallOutcome {
  caller: Caller | undefined;
  action: string;
  params: Record<string, unknown>;
  requestId: string;
  sourceIp: string;
  /** Sandbox time of the call. */
  at: Date;
  error?: unknown;
  httpStatus: number;
}

/**
 * Record a call of an account's key (operator calls and unauthenticated
 * requests belong to no account). Never fails the call: a lost audit record is
 * logged, not turned into an error for the client.
 */
export async function recordApiCall(store: StateStore, call: CallOutcome): Promise<void> {
  if (!call.caller || call.caller.kind !== 'account') return;
  // A call about no region, or about one the catalogue does not know (a malformed RegionId the
  // call itself refused), is filed under "global": the caller's string never becomes a key.
  const given = call.params.RegionId;
  const regionId = typeof given === 'string' && isKnownRegion(given) ? given : 'global';
  const record: AuditRecord = {
    requestId: call.requestId,
    eventTime: call.at.toISOString(),
    accountId: call.caller.accountId,
    regionId,
    accessKeyId: call.caller.accessKeyId,
    action: call.action,
    parameters: redact(call.params),
    resultCode: call.error === undefined ? '200' : isApiError(call.error) ? call.error.code : 'InternalError',
    httpStatus: call.httpStatus,
    sourceIp: call.sourceIp,
    resourceId: resourceOf(call.params),
  };
  try {
    const tx = store.unitOfWork(call.at);
    tx.upsert(Keys.resource(record.accountId, regionId, AUDIT, `${record.eventTime}#${record.requestId}`), {
      ...record,
      expiresAt: Math.floor(Date.now() / 1000) + RETENTION_SECONDS,
    });
    await tx.commit();
  } catch (e) {
    logger.error('audit record lost', { requestId: call.requestId, error: e as Error });
  }
}
