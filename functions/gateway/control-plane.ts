import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import pkg from '../../package.json';
import { exportState, importState, invalidDocument, resetAccount, resetAll, type StateDocument, type Tables } from '../../shared/control/sandbox-state';
import { SCHEDULED_JOBS } from '../../shared/jobs/registry';
import { runScheduledJobsNow } from '../../shared/jobs/run-now';
import { logUnexpectedErrors } from '../../shared/middleware/log-unexpected-errors';
import { loggerContext } from '../../shared/middleware/logger-context';
import { middyOptions } from '../../shared/middleware/middy-options';
import { operatorAuthentication } from '../../shared/middleware/operator-authentication';
import { renderErrors } from '../../shared/middleware/render-errors';
import { isoSeconds } from '../../shared/platform/clock';
import { config } from '../../shared/platform/config';
import { activeDurations, applyDurations, DURATIONS_PROFILES, isDurationsProfile } from '../../shared/platform/durations';
import { ControlError, renderControlPlaneError } from '../../shared/protocol/control-plane/control-error';
import { readControlRequest, type ControlRequest } from '../../shared/protocol/control-plane/control-request';
import { jsonResponse, type HttpRequest } from '../../shared/protocol/http';
import { findAccount } from '../../shared/store/accounts';
import { documentClient } from '../../shared/store/client';
import { awaitClockCopiesExpired } from '../../shared/store/clock-propagation';
import { retryOnConflict } from '../../shared/store/conflict-retry';
import { stripKeys } from '../../shared/store/instances';
import { Keys } from '../../shared/store/keys';
import { sandboxNow, type ClockState } from '../../shared/store/sandbox-clock';
import { DynamoStateStore } from '../../shared/store/dynamo-state-store';

const store = new DynamoStateStore();
const tables = (): Tables => ({ db: documentClient(), state: config.stateTable, views: config.viewsTable });
const MAX_ADVANCE_SECONDS = 10 * 366 * 86_400;

/**
 * The sandbox's own control plane under `/_sandbox/` (as LocalStack's `/_localstack/` and moto's
 * `/moto-api/`): plain HTTP + JSON for any client, authenticated with the operator's key
 * (shared/middleware/operator-authentication.ts). Errors are `{"Code","Message"}` with a 4xx status
 * (shared/protocol/control-plane/control-error.ts). README "Control plane".
 */
type Route = (req: ControlRequest) => Promise<unknown>;

const ROUTES: Record<string, Route> = {
  'GET info': async ({ http }) => ({
    Name: pkg.name,
    Version: pkg.version,
    Endpoints: endpoints(http),
    Durations: activeDurations(),
    Clock: await clockView(),
    ScheduledJobs: SCHEDULED_JOBS.map((j) => j.name),
    Build: { Node: process.version, Stage: process.env.SANDBOX_STAGE ?? undefined, Local: config.dynamoEndpoint !== undefined },
  }),
  'GET clock': () => clockView(),
  'POST clock/advance': async ({ body }) => {
    const seconds = body().Seconds;
    if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 1 || seconds > MAX_ADVANCE_SECONDS) {
      throw new ControlError(
        400,
        'InvalidParameter',
        `Seconds must be an integer from 1 to ${MAX_ADVANCE_SECONDS}. The clock only goes forward; POST /_sandbox/reset brings it back to real time.`,
      );
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
    // Under the jobs lease: a tick under way is waited for, never raced (shared/jobs/run-now.ts).
    const { now, reports } = await runScheduledJobsNow(store, 'control-plane');
    return { Now: isoSeconds(now), Jobs: reports };
  },
  'POST reset': async ({ body }) => {
    const accountId = body().AccountId;
    if (accountId === undefined) {
      const reset = await resetAll(tables(), config.defaultAccountId);
      // Whole-table work writes the clock too: answer once no container holds the old one.
      await awaitClockCopiesExpired(store.hotItemScope, [Keys.clock()]);
      return { Reset: 'All', ...reset, Clock: await clockView() };
    }
    if (typeof accountId !== 'string' || !(await findAccount(store, accountId))) {
      throw new ControlError(404, 'InvalidAccountId.NotFound', 'The specified AccountId does not exist.');
    }
    return { Reset: 'Account', AccountId: accountId, ...(await resetAccount(tables(), accountId)) };
  },
  'GET state': async () => exportState(tables(), await sandboxNow(store)),
  'PUT state': async ({ body }) => {
    const doc = body();
    const invalid = invalidDocument(doc);
    if (invalid) throw new ControlError(400, 'InvalidStateDocument', invalid);
    const imported = await importState(tables(), doc as unknown as StateDocument, config.defaultAccountId);
    await awaitClockCopiesExpired(store.hotItemScope, [Keys.clock()]);
    return { ...imported, Clock: await clockView() };
  },
  'GET durations': async () => {
    await sandboxNow(store); // applies the stored profile
    return activeDurations();
  },
  'PUT durations': async ({ body }) => {
    const profile = body().Profile;
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

/** Health answers without credentials, like /health: load balancers and start scripts poll it. */
const isHealthCheck = (event: APIGatewayProxyEventV2): boolean => {
  const { http, resource } = readControlRequest(event);
  return http.method === 'GET' && resource === 'health';
};

async function answer(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  if (isHealthCheck(event)) return jsonResponse(200, { Status: 'ok' });
  const req = readControlRequest(event);
  const route = ROUTES[`${req.http.method} ${req.resource}`];
  if (!route) {
    const known = Object.keys(ROUTES).some((k) => k.endsWith(` ${req.resource}`));
    throw known
      ? new ControlError(405, 'MethodNotAllowed', `${req.http.method} is not allowed on /_sandbox/${req.resource}.`)
      : new ControlError(404, 'NotFound', `No control-plane resource /_sandbox/${req.resource}.`);
  }
  return jsonResponse(200, await route(req));
}

export const handler = middy(answer, middyOptions)
  .use(loggerContext())
  .use(logUnexpectedErrors())
  .use(renderErrors(renderControlPlaneError))
  .use(operatorAuthentication(store, isHealthCheck));
