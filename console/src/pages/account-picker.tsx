import { useState } from 'preact/hooks';
import { ApiError, op } from '../api';
import { session, useSession } from '../session-hooks';
import { ErrorBox } from '../ui';

/**
 * The operator's account selector. The operator owns no resources, so acting
 * in an account takes a credential of that account: for an account id the
 * console has none for, it asks for a new key (CreateAccessKey) and a token
 * for it (CreateApiToken), both operator actions, and keeps the token for this tab.
 * The key is made once per account and browser: its id (not a secret: a token for it
 * takes the operator's key) is remembered in localStorage, and later tabs only ask
 * for a new token for that key.
 */
export function AccountPicker() {
  const s = useSession();
  const [other, setOther] = useState('');
  const [error, setError] = useState<unknown>(undefined);
  if (!s.operator) return null;
  const choose = async (accountId: string) => {
    setError(undefined);
    try {
      const cur = session.get();
      if (!cur.accounts[accountId]) cur.accounts = { ...cur.accounts, [accountId]: { kind: 'token', token: await consoleToken(accountId) } };
      session.set({ ...session.get(), accounts: cur.accounts, accountId });
      setOther('');
    } catch (e) {
      setError(e);
    }
  };
  const create = async () => {
    setError(undefined);
    try {
      const out = await op<{ AccountId: string; AccessKeyId: string; AccessKeySecret: string }>('CreateAccount');
      const cur = session.get();
      session.set({
        ...cur,
        accountId: out.AccountId,
        accounts: { ...cur.accounts, [out.AccountId]: { kind: 'keys', accessKeyId: out.AccessKeyId, accessKeySecret: out.AccessKeySecret } },
      });
    } catch (e) {
      setError(e);
    }
  };
  return (
    <div class="account-picker">
      <label>
        <span class="sr-only">Account</span>
        <select aria-label="Account" value={s.accountId} onChange={(e) => void choose(e.currentTarget.value)}>
          {!s.accountId && <option value="">Choose an account…</option>}
          {Object.keys(s.accounts).map((id) => (
            <option value={id}>{id}</option>
          ))}
        </select>
      </label>
      <form
        class="inline"
        onSubmit={(e) => {
          e.preventDefault();
          if (other.trim()) void choose(other.trim());
        }}
      >
        <input aria-label="Other account id" placeholder="account id" value={other} onInput={(e) => setOther(e.currentTarget.value)} size={14} />
        <button type="submit">Open</button>
        <button type="button" onClick={() => void create()}>
          New account
        </button>
      </form>
      <ErrorBox error={error} />
    </div>
  );
}

const CONSOLE_KEYS = 'sandbox-console-operator-keys';

function rememberedKeys(): Record<string, string> {
  try {
    return JSON.parse(localStorage.getItem(CONSOLE_KEYS) ?? '{}') as Record<string, string>;
  } catch {
    return {};
  }
}

/** A token for the console's own key of the account: the remembered key if it still exists, else a new one. */
async function consoleToken(accountId: string): Promise<string> {
  const known = rememberedKeys()[accountId];
  if (known) {
    try {
      return (await op<{ Token: string }>('CreateApiToken', { AccessKeyId: known })).Token;
    } catch (e) {
      // Deleted since (DeleteAccessKey, a reset): make a new one below.
      if (!(e instanceof ApiError) || e.status !== 404) throw e;
    }
  }
  const key = await op<{ AccessKeyId: string }>('CreateAccessKey', { AccountId: accountId });
  localStorage.setItem(CONSOLE_KEYS, JSON.stringify({ ...rememberedKeys(), [accountId]: key.AccessKeyId }));
  return (await op<{ Token: string }>('CreateApiToken', { AccessKeyId: key.AccessKeyId })).Token;
}
