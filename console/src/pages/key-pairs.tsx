import { useState } from 'preact/hooks';
import { call } from '../api';
import { usePoll } from '../live';
import { useRegion, useSession } from '../session-hooks';
import { Table } from '../table';
import { ActionButton, Dialog, ErrorBox } from '../ui';

/**
 * Key pairs: create one and download its private key, once (the sandbox, like
 * the cloud, keeps only the public key), import, delete.
 */
type KeyPair = { KeyPairName: string; KeyPairFingerPrint: string; CreationTime: string };

export function KeyPairsPage() {
  const regionId = useRegion();
  const s = useSession();
  const pairs = usePoll(() => call<{ KeyPairs: { KeyPair: KeyPair[] } }>('DescribeKeyPairs', { RegionId: regionId, PageSize: 50 }), [regionId, s.accountId]);
  const [name, setName] = useState('');
  const [secret, setSecret] = useState<{ name: string; pem: string } | undefined>(undefined);
  return (
    <section aria-labelledby="kp-title">
      <h1 id="kp-title">Key pairs</h1>
      <form class="inline-form" aria-label="Create key pair" onSubmit={(e) => e.preventDefault()}>
        <input aria-label="Key pair name" placeholder="name" value={name} onInput={(e) => setName(e.currentTarget.value)} />
        <ActionButton
          label="Create key pair"
          kind="primary"
          run={async () => {
            const out = await call<{ KeyPairName: string; PrivateKeyBody: string }>('CreateKeyPair', { RegionId: regionId, KeyPairName: name.trim() });
            setSecret({ name: out.KeyPairName, pem: out.PrivateKeyBody });
            setName('');
          }}
        />
      </form>
      <ErrorBox error={pairs.error} />
      <Table
        rows={pairs.data?.KeyPairs.KeyPair ?? []}
        rowId={(k) => k.KeyPairName}
        empty={`No key pairs in ${regionId}.`}
        columns={[
          ['Name', (k) => k.KeyPairName],
          ['Fingerprint', (k) => <code>{k.KeyPairFingerPrint}</code>],
          ['Created', (k) => k.CreationTime],
          [
            '',
            (k) => (
              <ActionButton
                label="Delete"
                kind="danger"
                run={() => call('DeleteKeyPairs', { RegionId: regionId, KeyPairNames: JSON.stringify([k.KeyPairName]) })}
              />
            ),
          ],
        ]}
      />
      {secret && (
        <Dialog title={`Private key of ${secret.name}`} onClose={() => setSecret(undefined)}>
          <p>This is the only time the private key is shown. Download it now; closing this dialog forgets it.</p>
          <p>
            <a class="button primary" download={`${secret.name}.pem`} href={URL.createObjectURL(new Blob([secret.pem], { type: 'application/x-pem-file' }))}>
              Download {secret.name}.pem
            </a>
          </p>
        </Dialog>
      )}
    </section>
  );
}
