import { useState } from 'preact/hooks';
import { whoIs } from '../api';
import { session } from '../session';
import { ErrorBox, Field } from '../ui';

/** The operator's key pair, checked with DescribeSandboxClock before it is kept for this tab. */
export function OperatorUnlock() {
  const [id, setId] = useState('');
  const [secret, setSecret] = useState('');
  const [error, setError] = useState<unknown>(undefined);
  return (
    <form
      class="stack"
      aria-label="Operator key"
      onSubmit={async (e) => {
        e.preventDefault();
        setError(undefined);
        try {
          const key = { accessKeyId: id.trim(), accessKeySecret: secret };
          if ((await whoIs(key)) !== 'operator') throw new Error('That key belongs to an account, not to the operator.');
          session.set({ ...session.get(), operator: key });
        } catch (err) {
          setError(err);
        }
      }}
    >
      <Field label="Operator AccessKeyId">
        <input name="operatorKeyId" value={id} onInput={(e) => setId(e.currentTarget.value)} autocomplete="off" required />
      </Field>
      <Field label="Operator AccessKeySecret">
        <input name="operatorSecret" type="password" value={secret} onInput={(e) => setSecret(e.currentTarget.value)} autocomplete="off" required />
      </Field>
      <button type="submit">Unlock</button>
      <ErrorBox error={error} />
    </form>
  );
}
