import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ensureKeyFile } from '../../shared/platform/secret-box';

/**
 * The key that seals access key secrets (shared/platform/secret-box.ts): `secrets.key` in the
 * data folder (in memory: the stack's build folder), mode 0600, made at first start. This
 * process (which seeds the default key) and the handlers (SANDBOX_SECRETS_KEY_FILE) read it.
 */
export function prepareSecretsKey(folder: string): string {
  const dir = resolve(folder);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'secrets.key');
  ensureKeyFile(path);
  process.env.SANDBOX_SECRETS_KEY_FILE = path;
  return path;
}
