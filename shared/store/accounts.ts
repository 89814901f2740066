import { createHash } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { AccessKey, Account } from '../domain/account';
import { Errors } from '../domain/errors';
import { config } from '../platform/config';
import { newApiToken } from '../platform/ids';
import { sealSecret } from '../platform/secret-box';
import { documentClient } from './client';
import { readHotItem } from './hot-items';
import { Keys } from './keys';
import type { StateStore, Stored, UnitOfWork } from './state-store';

/**
 * Persistence of accounts, access keys, API tokens and used signature nonces.
 * The operator's key is not stored: it comes from the environment.
 */
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export interface ApiTokenRecord {
  tokenHash: string;
  accessKeyId: string;
  createdAt: string;
  /** Unix seconds (real time); also the table's TTL attribute. */
  expiresAt?: number;
}

export async function findAccessKey(store: StateStore, accessKeyId: string): Promise<Stored<AccessKey> | undefined> {
  return store.get<AccessKey>(Keys.accessKey(accessKeyId));
}

/**
 * The access key that signed a request, from the one-second cache of hot items
 * (shared/store/hot-items.ts): authentication only. Actions that change a key read it with
 * findAccessKey (a fresh read whose version they write against).
 */
export async function findSigningKey(store: StateStore, accessKeyId: string): Promise<Stored<AccessKey> | undefined> {
  return readHotItem<AccessKey>(store, Keys.accessKey(accessKeyId));
}

export async function findAccount(store: StateStore, accountId: string): Promise<Stored<Account> | undefined> {
  return store.get<Account>(Keys.account(accountId));
}

export async function findApiToken(store: StateStore, token: string): Promise<Stored<ApiTokenRecord> | undefined> {
  return store.get<ApiTokenRecord>(Keys.apiToken(hashToken(token)));
}

export function createAccountItems(tx: UnitOfWork, account: Account, key: AccessKey): void {
  tx.create(Keys.account(account.accountId), account);
  createAccessKeyItems(tx, key);
}

/** Replace an account read earlier (its overdue mark). */
export function saveAccount(tx: UnitOfWork, stored: Stored<Account>, next: Account): void {
  tx.replace(stored, next);
}

export function createAccessKeyItems(tx: UnitOfWork, key: AccessKey): void {
  // The secret is stored sealed (shared/platform/secret-box.ts); readers open it with openSecret.
  tx.create(Keys.accessKey(key.accessKeyId), { ...key, accessKeySecret: sealSecret(key.accessKeySecret, key.accessKeyId) });
  tx.create(Keys.accountAccessKey(key.accountId, key.accessKeyId), { accessKeyId: key.accessKeyId });
}

/**
 * Issue an API token for an access key: only its hash is stored, so a leaked
 * table does not leak usable tokens. It expires after config.apiTokenTtlSeconds
 * of real time (like signatures, authentication follows the wall clock); the
 * table's TTL attribute lets DynamoDB delete it afterwards. Returns the token (shown once).
 */
export function createApiTokenItem(tx: UnitOfWork, accessKeyId: string, now: Date): { token: string; tokenHash: string; expirationTime: string } {
  const token = newApiToken();
  const tokenHash = hashToken(token);
  const expiresAt = Math.floor(Date.now() / 1000) + config.apiTokenTtlSeconds;
  const record: ApiTokenRecord = { tokenHash, accessKeyId, createdAt: now.toISOString(), expiresAt };
  tx.create(Keys.apiToken(tokenHash), record);
  return { token, tokenHash, expirationTime: new Date(expiresAt * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z') };
}

/** Whether a stored token may still be used (a record written before tokens expired never may). */
export const apiTokenLive = (record: ApiTokenRecord, nowSeconds = Math.floor(Date.now() / 1000)): boolean =>
  typeof record.expiresAt === 'number' && record.expiresAt > nowSeconds;

/**
 * Remember a nonce for the key; a second use inside the TTL is refused.
 * One conditional write, so two concurrent requests with one nonce cannot both pass.
 */
export async function rememberNonce(accessKeyId: string, nonce: string, nowSeconds: number): Promise<void> {
  const key = Keys.nonce(accessKeyId, nonce);
  try {
    await documentClient().send(
      new PutCommand({
        TableName: config.stateTable,
        Item: { ...key, version: 1, expiresAt: nowSeconds + config.nonceTtlSeconds },
        // An expired record (DynamoDB Local has no TTL sweeper) no longer blocks the nonce.
        ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
        ExpressionAttributeValues: { ':now': nowSeconds },
      }),
    );
  } catch (e) {
    if ((e as { name?: string }).name === 'ConditionalCheckFailedException') throw Errors.signatureNonceUsed();
    throw e;
  }
}
