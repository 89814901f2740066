import { useState } from 'preact/hooks';
import { call } from '../api';
import { usePoll } from '../live';
import { useRegion, useSession } from '../session-hooks';
import { Table } from '../table';
import { ActionButton, ErrorBox, Status } from '../ui';

/** Custom images: create from an instance, copy to a region, share, disable, delete; progress while building or copying. */
type Image = { ImageId: string; ImageName: string; Status: string; Progress: string; Size: number; CreationTime: string; ImageOwnerAlias: string };

export function ImagesPage() {
  const regionId = useRegion();
  const s = useSession();
  const images = usePoll(
    // IncludeDisabled: a disabled image is hidden otherwise (it reads UnAvailable), and could not be enabled again from here.
    () =>
      call<{ Images: { Image: Image[] } }>('DescribeImages', {
        RegionId: regionId,
        ImageOwnerAlias: 'self',
        Status: 'Creating,Waiting,Available,UnAvailable,CreateFailed,Deprecated',
        IncludeDisabled: true,
        PageSize: 100,
      }),
    [regionId, s.accountId],
    (v) => v.Images.Image.some((i) => i.Status === 'Creating' || i.Status === 'Waiting' || (i.Progress && i.Progress !== '100%')),
  );
  const [instanceId, setInstanceId] = useState('');
  const [name, setName] = useState('');
  const [target, setTarget] = useState<Record<string, string>>({});
  return (
    <section aria-labelledby="images-title">
      <h1 id="images-title">Images</h1>
      <form class="inline-form" aria-label="Create image" onSubmit={(e) => e.preventDefault()}>
        <input aria-label="From instance" placeholder="i-…" value={instanceId} onInput={(e) => setInstanceId(e.currentTarget.value)} size={24} />
        <input aria-label="Image name" placeholder="image name" value={name} onInput={(e) => setName(e.currentTarget.value)} size={16} />
        <ActionButton
          label="Create image"
          kind="primary"
          run={() => call('CreateImage', { RegionId: regionId, InstanceId: instanceId.trim(), ...(name ? { ImageName: name } : {}) })}
        />
      </form>
      <ErrorBox error={images.error} />
      <Table
        rows={images.data?.Images.Image ?? []}
        rowId={(i) => i.ImageId}
        empty={`No custom images in ${regionId}.`}
        columns={[
          [
            'Image',
            (i) => (
              <>
                {i.ImageId}
                <div class="muted">{i.ImageName}</div>
              </>
            ),
          ],
          ['Status', (i) => <Status value={i.Status} />],
          [
            'Progress',
            (i) => (
              <>
                <progress max={100} value={parseInt(i.Progress, 10) || 0} aria-label={`Progress of ${i.ImageId}`} /> {i.Progress}
              </>
            ),
          ],
          ['Size', (i) => `${i.Size} GiB`],
          ['Created', (i) => i.CreationTime],
          [
            'Actions',
            (i) => (
              <span class="actions">
                <input
                  aria-label={`Region or account for ${i.ImageId}`}
                  placeholder="region / account"
                  size={12}
                  value={target[i.ImageId] ?? ''}
                  onInput={(e) => setTarget({ ...target, [i.ImageId]: e.currentTarget.value })}
                />
                <ActionButton
                  label="Copy to region"
                  run={() => call('CopyImage', { RegionId: regionId, ImageId: i.ImageId, DestinationRegionId: (target[i.ImageId] ?? '').trim() })}
                />
                <ActionButton
                  label="Share with account"
                  run={() => call('ModifyImageSharePermission', { RegionId: regionId, ImageId: i.ImageId, AddAccount: [(target[i.ImageId] ?? '').trim()] })}
                />
                {i.Status === 'UnAvailable' ? (
                  <ActionButton label="Enable" run={() => call('EnableImage', { RegionId: regionId, ImageId: i.ImageId })} />
                ) : (
                  <ActionButton label="Disable" run={() => call('DisableImage', { RegionId: regionId, ImageId: i.ImageId })} />
                )}
                <ActionButton label="Delete" kind="danger" run={() => call('DeleteImage', { RegionId: regionId, ImageId: i.ImageId })} />
              </span>
            ),
          ],
        ]}
      />
    </section>
  );
}
