import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';

/**
 * Access key secrets are kept encrypted at rest (README "Security"): AES-256-GCM
 * (https://nodejs.org/api/crypto.html#cryptocreatecipherivalgorithm-key-iv-options) with a random
 * 96-bit IV per secret and the access key id as additional authenticated data, so a sealed secret
 * copied onto another key does not open. The 256-bit key lives in the data folder
 * (`secrets.key`, mode 0600, created at first start by scripts/lib/secrets-key.ts) and reaches the
 * handlers as a file path (SANDBOX_SECRETS_KEY_FILE), never as table data. Deployed, the key may
 * be given as SANDBOX_SECRETS_KEY (64 hex digits); without one, secrets rely on DynamoDB's own
 * encryption at rest. A stored value without the `enc:v1:` prefix (written before this existed)
 * is read as it is.
 */
const PREFIX = 'enc:v1:';
let cached: { source: string; key: Buffer | undefined } | undefined;

function currentKey(): Buffer | undefined {
  const file = process.env.SANDBOX_SECRETS_KEY_FILE ?? '';
  const inline = process.env.SANDBOX_SECRETS_KEY ?? '';
  const source = `${file}|${inline}`;
  if (cached?.source === source) return cached.key;
  const hex = file ? readFileSync(file, 'utf8').trim() : inline.trim();
  if (hex !== '' && !/^[0-9a-fA-F]{64}$/.test(hex)) throw new Error('the secrets key must be 64 hex digits (256 bits)');
  cached = { source, key: hex ? Buffer.from(hex, 'hex') : undefined };
  return cached.key;
}

export const isSealed = (stored: string): boolean => stored.startsWith(PREFIX);

/** The value to store for `secret` of key `keyId` (unchanged when no key is configured). */
export function sealSecret(secret: string, keyId: string): string {
  const key = currentKey();
  if (!key || isSealed(secret)) return secret;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(keyId, 'utf8'));
  const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return `${PREFIX}${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
}

/** The secret a stored value holds. Throws when it is sealed and the key is missing or another one. */
export function openSecret(stored: string, keyId: string): string {
  if (!isSealed(stored)) return stored;
  const key = currentKey();
  if (!key) throw new Error('an access key secret is encrypted but no secrets key is configured (SANDBOX_SECRETS_KEY_FILE)');
  const raw = Buffer.from(stored.slice(PREFIX.length), 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAAD(Buffer.from(keyId, 'utf8'));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}

/**
 * The key file at `path`: created with 256 random bits and mode 0600 when missing; an existing
 * one is brought back to 0600 if its mode became wider.
 */
export function ensureKeyFile(path: string): void {
  if (!existsSync(path)) writeFileSync(path, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  if ((statSync(path).mode & 0o777) !== 0o600) chmodSync(path, 0o600);
}
