import type { Caller } from '../../domain/account';
import { Errors } from '../../domain/errors';
import { config } from '../../platform/config';
import { openSecret } from '../../platform/secret-box';
import { apiTokenLive, findApiToken, findSigningKey, rememberNonce } from '../../store/accounts';
import type { StateStore } from '../../store/state-store';
import { checkTimestamp, readCredentials, verifySignature, type SignedRequest } from './authenticate';

/**
 * Who signed this request. Order of checks: the key must exist, the signature
 * must match, the timestamp must be within the skew of REAL time (clients sign
 * with their wall clock, so an advanced sandbox clock must not lock them out),
 * and the nonce must be new. The nonce is written only once everything else has
 * passed: a refused request (wrong signature, stale timestamp, unknown key)
 * writes nothing, so the client's corrected retry with the same nonce succeeds.
 */
export async function identifySignedCaller(req: SignedRequest, store: StateStore): Promise<Caller> {
  const creds = readCredentials(req);
  const nowMs = Date.now();
  const key = await lookupKey(store, creds.accessKeyId);
  verifySignature(req, creds, key.secret);
  checkTimestamp(creds.timestamp, nowMs, config.signatureMaxSkewSeconds * 1000);
  await rememberNonce(creds.accessKeyId, creds.nonce, Math.floor(nowMs / 1000));
  return key.caller;
}

/** `Authorization: Bearer <token>` on the `/api/<Action>` routes: a token issued by CreateApiToken. */
export async function identifyBearerCaller(token: string, store: StateStore): Promise<Caller> {
  const record = await findApiToken(store, token);
  if (!record) throw Errors.invalid('InvalidApiToken.NotFound', 'The specified API token is not valid.', 401);
  if (!apiTokenLive(record)) throw Errors.invalid('InvalidApiToken.Expired', 'The specified API token has expired: create a new one with CreateApiToken.', 401);
  return (await lookupKey(store, record.accessKeyId)).caller;
}

/** The caller and secret of an access key (the operator's or an account's); InvalidAccessKeyId.NotFound otherwise. */
export async function lookupKey(store: StateStore, accessKeyId: string): Promise<{ caller: Caller; secret: string }> {
  if (accessKeyId === config.adminAccessKeyId) {
    return { caller: { kind: 'operator', accessKeyId }, secret: config.adminAccessKeySecret };
  }
  const key = await findSigningKey(store, accessKeyId);
  if (!key) throw Errors.accessKeyNotFound();
  return {
    caller: { kind: 'account', accountId: key.accountId, accessKeyId, policy: key.policy },
    secret: openSecret(key.accessKeySecret, accessKeyId),
  };
}
