import { useState } from 'preact/hooks';
import { whoIs } from '../api';
import { session } from '../session';
import { canSign } from '../sign-v3';
import { ErrorBox, Field } from '../ui';

/**
 * Sign in with an access key pair (every call is then signed V3 in the
 * browser). The banner's link signs the default account in without this page.
 * The operator's key opens the account selector instead of one account.
 */
export function SignIn() {
  const [id, setId] = useState('');
  const [secret, setSecret] = useState('');
  const [error, setError] = useState<unknown>(undefined);
  return (
    <main class="sign-in">
      <h1>compute-sandbox console</h1>
      <p>
        Open the <strong>Console</strong> link that <code>npm start</code> prints to sign the default account in, or sign in with an access key pair (an
        account's, or the operator's).
      </p>
      {!canSign() && (
        <p class="error">This page is not a secure context, so it cannot sign requests: open it on 127.0.0.1 or over https, or use the banner's link.</p>
      )}
      <form
        class="stack"
        onSubmit={async (e) => {
          e.preventDefault();
          setError(undefined);
          const key = { accessKeyId: id.trim(), accessKeySecret: secret };
          try {
            const who = await whoIs(key);
            const s = session.get();
            if (who === 'operator') session.set({ ...s, operator: key });
            else {
              const accountId = `key ${key.accessKeyId}`;
              session.set({ ...s, accountId, accounts: { ...s.accounts, [accountId]: { kind: 'keys', ...key } } });
            }
          } catch (err) {
            setError(err);
          }
        }}
      >
        <Field label="AccessKeyId">
          <input name="accessKeyId" value={id} onInput={(e) => setId(e.currentTarget.value)} autocomplete="username" required autofocus />
        </Field>
        <Field label="AccessKeySecret">
          <input
            name="accessKeySecret"
            type="password"
            value={secret}
            onInput={(e) => setSecret(e.currentTarget.value)}
            autocomplete="current-password"
            required
          />
        </Field>
        <button type="submit" class="primary">
          Sign in
        </button>
        <ErrorBox error={error} />
      </form>
    </main>
  );
}
