import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { timingSafeEqual } from 'node:crypto';
import pkg from '../../package.json';
import { exportState, importState, invalidDocument, resetAccount, resetAll, type StateDocument, type Tables } from '../../shared/control/sandbox-state';
import { isApiError } from '../../shared/domain/errors';
import { SCHEDULED_JOBS } from '../../shared/jobs/registry';
import { runScheduledJobsNow } from '../../shared/jobs/run-now';
import { isoSeconds } from '../../shared/platform/clock';
import { sandboxNow, type ClockState } from '../../shared/store/sandbox-clock';
import { config } from '../../shared/platform/config';
import { activeDurations, applyDurations, DURATIONS_PROFILES, isDurationsProfile } from '../../shared/platform/durations';
import { readHttpEvent, jsonResponse, type HttpRequest } from '../../shared/protocol/http';
import { jsonNestingDepth } from '../../shared/protocol/request-guards';
import { identifyBearerCaller } from '../../shared/protocol/ecs/identify-caller';
import { findAccount } from '../../shared/store/accounts';
import { documentClient } from '../../shared/store/client';
import { retryOnConflict } from '../../shared/store/conflict-retry';
import { stripKeys } from '../../shared/store/instances';
import { Keys } from '../../shared/store/keys';
import { StateStore, WriteConflict } from '../../shared/store/state-store';

const store = new StateStore();
const tables = (): Tables => ({ db: documentClient(), state: config.stateTable, views: config.viewsTable });
const MAX_ADVANCE_SECONDS = 10 * 366 * 86_400;

/**
 * The sandbox's own control plane under `/_sandbox/` (as LocalStack's `/_localstack/` and moto's
 * `/moto-api/`): plain HTTP + JSON for any client, authenticated with the operator's key, either as
 * HTTP Basic (`curl -u KeyId:Secret`, RFC 7617) or as `Authorization: Bearer <operator secret>`
 * (RFC 6750's header; the operator key is never stored, so there is no issued token for it). Errors are `{"Code","Message"}` with a 4xx status. README "Control plane".
 */
class ControlError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

type Route = (req: HttpRequest, body: () => unknown) => Promise<unknown>;

const ROUTES: Record<string, Route> = {
  'GET info': async (req) => ({
    Name: pkg.name,
    Version: pkg.version,
    Endpoints: endpoints(req),
    Durations: activeDurations(),
    Clock: await clockView(),
    ScheduledJobs: SCHEDULED_JOBS.map((j) => j.name),
    Build: { Node: process.version, Stage: process.env.SANDBOX_STAGE ?? undefined, Local: config.dynamoEndpoint !== undefined },
  }),
  'GET clock': () => clockView(),
  'POST clock/advance': async (_req, body) => {
    const seconds = (body() as { Seconds?: unknown }).Seconds;
    if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 1 || seconds > MAX_ADVANCE_SECONDS) {
      throw new ControlError(400, 'InvalidParameter', `Seconds must be an integer from 1 to ${MAX_ADVANCE_SECONDS}. The clock only goes forward; POST /_sandbox/reset brings it back to real time.`);
    }
    await retryOnConflict(5, async () => {
      const state = await store.get<ClockState>(Keys.clock());
      const tx = store.unitOfWork();
      if (state) tx.replace(state, { ...stripKeys(state), offsetSeconds: state.offsetSeconds + seconds });
      else tx.create(Keys.clock(), { offsetSeconds: seconds });
      await tx.commit();
    });
    return clockView();
  },
  'POST jobs/run': async () => {
    const now = await sandboxNow(store);
    // Under the jobs lease: a tick under way is waited for, never raced (shared/jobs/run-now.ts).
    const Jobs = await runScheduledJobsNow(store, now, 'control-plane');
    return { Now: isoSeconds(now), Jobs };
  },
  'POST reset': async (_req, body) => {
    const accountId = (body() as { AccountId?: unknown }).AccountId;
    if (accountId === undefined) return { Reset: 'All', ...(await resetAll(tables(), config.defaultAccountId)), Clock: await clockView() };
    if (typeof accountId !== 'string' || !(await findAccount(store, accountId))) {
      throw new ControlError(404, 'InvalidAccountId.NotFound', 'The specified AccountId does not exist.');
    }
    return { Reset: 'Account', AccountId: accountId, ...(await resetAccount(tables(), accountId)) };
  },
  'GET state': async () => exportState(tables(), await sandboxNow(store)),
  'PUT state': async (_req, body) => {
    const doc = body();
    const invalid = invalidDocument(doc);
    if (invalid) throw new ControlError(400, 'InvalidStateDocument', invalid);
    return { ...(await importState(tables(), doc as StateDocument, config.defaultAccountId)), Clock: await clockView() };
  },
  'GET durations': async () => {
    await sandboxNow(store); // applies the stored profile
    return activeDurations();
  },
  'PUT durations': async (_req, body) => {
    const profile = (body() as { Profile?: unknown }).Profile;
    if (!isDurationsProfile(profile)) throw new ControlError(400, 'InvalidParameter', `Profile must be one of ${DURATIONS_PROFILES.join(', ')}.`);
    await retryOnConflict(5, async () => {
      const state = await store.get<ClockState>(Keys.clock());
      const tx = store.unitOfWork();
      if (state) tx.replace(state, { ...stripKeys(state), durations: profile });
      else tx.create(Keys.clock(), { offsetSeconds: 0, durations: profile });
      await tx.commit();
    });
    applyDurations(profile);
    return activeDurations();
  },
};
ROUTES['POST state'] = ROUTES['PUT state']!;

async function clockView(): Promise<{ Now: string; RealNow: string; OffsetSeconds: number }> {
  const state = await store.get<ClockState>(Keys.clock());
  const offset = state?.offsetSeconds ?? 0;
  const real = new Date();
  return { Now: isoSeconds(new Date(real.getTime() + offset * 1000)), RealNow: isoSeconds(real), OffsetSeconds: offset };
}

function endpoints(req: HttpRequest): Record<string, string> {
  const host = req.headers['x-forwarded-host'] ?? req.headers.host ?? '127.0.0.1';
  const proto = req.headers['x-forwarded-proto'] ?? (config.dynamoEndpoint ? 'http' : 'https');
  const base = `${proto}://${host}`;
  return { Ecs: `${base}/`, Ec2: `${base}/ec2`, Api: `${base}/api/<Action>`, Console: `${base}/console`, ControlPlane: `${base}/_sandbox` };
}

const sameSecret = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

async function authenticate(req: HttpRequest): Promise<void> {
  const auth = req.headers.authorization ?? '';
  const basic = /^Basic\s+(\S+)$/i.exec(auth);
  if (basic) {
    const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0 && decoded.slice(0, colon) === config.adminAccessKeyId && sameSecret(decoded.slice(colon + 1), config.adminAccessKeySecret)) return;
    throw new ControlError(401, 'InvalidCredentials', 'The operator access key id or secret is wrong.');
  }
  const bearer = /^Bearer\s+(\S+)$/i.exec(auth);
  if (bearer) {
    if (sameSecret(bearer[1]!, config.adminAccessKeySecret)) return;
    try {
      const caller = await identifyBearerCaller(bearer[1]!, store);
      if (caller.kind === 'operator') return;
    } catch (e) {
      if (!isApiError(e)) throw e;
      throw new ControlError(401, 'InvalidApiToken.NotFound', 'The specified API token is not valid.');
    }
    throw new ControlError(403, 'Forbidden', 'The control plane is for the sandbox operator; this token belongs to an account key.');
  }
  throw new ControlError(401, 'MissingCredentials', 'Authenticate with the operator key: HTTP Basic (KeyId:Secret) or Authorization: Bearer <operator secret>.');
}

export const handler = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
  const req = readHttpEvent(event);
  const sub = req.path.replace(/^\/_sandbox\/?/, '').replace(/\/+$/, '');
  try {
    // Health answers without credentials, like /health: load balancers and start scripts poll it.
    if (req.method === 'GET' && sub === 'health') return jsonResponse(200, { Status: 'ok' });
    await authenticate(req);
    const route = ROUTES[`${req.method} ${sub}`];
    if (!route) {
      const known = Object.keys(ROUTES).some((k) => k.endsWith(` ${sub}`));
      throw known
        ? new ControlError(405, 'MethodNotAllowed', `${req.method} is not allowed on /_sandbox/${sub}.`)
        : new ControlError(404, 'NotFound', `No control-plane resource /_sandbox/${sub}.`);
    }
    let parsed: unknown;
    const body = () => {
      if (parsed !== undefined) return parsed;
      if (req.rawBody.trim() === '') return (parsed = {});
      // Before parsing (README "Security"): a state document holds DynamoDB items (32 levels at most) a few levels down.
      if (jsonNestingDepth(req.rawBody) > 40) throw new ControlError(400, 'InvalidJson', 'JSON nested deeper than 40 levels is not accepted.');
      try {
        parsed = JSON.parse(req.rawBody);
      } catch {
        throw new ControlError(400, 'InvalidJson', 'The body must be JSON.');
      }
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new ControlError(400, 'InvalidJson', 'The body must be a JSON object.');
      return parsed;
    };
    return jsonResponse(200, await route(req, body));
  } catch (e) {
    if (e instanceof ControlError) return jsonResponse(e.status, { Code: e.code, Message: e.message });
    if (e instanceof WriteConflict) return jsonResponse(409, { Code: 'Conflict', Message: 'A concurrent change won; try again.' });
    if (isApiError(e)) return jsonResponse(e.status, { Code: e.code, Message: e.message });
    throw e;
  }
};
