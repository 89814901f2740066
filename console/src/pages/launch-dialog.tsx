import { useState } from 'preact/hooks';
import { call } from '../api';
import { noteAction, usePoll } from '../live';
import { useRegion } from '../session-hooks';
import { Dialog, ErrorBox, Field } from '../ui';

/**
 * Launch (RunInstances): image, type, charge type, a public IP (bandwidth),
 * an optional data disk that goes or stays with the instance, release protection.
 */
type Images = { Images: { Image: { ImageId: string; ImageName: string }[] } };
type Types = { InstanceTypes: { InstanceType: { InstanceTypeId: string; CpuCoreCount: number; MemorySize: number }[] } };

export function LaunchDialog({ onClose }: { onClose: () => void }) {
  const regionId = useRegion();
  const images = usePoll(() => call<Images>('DescribeImages', { RegionId: regionId, PageSize: 50 }), [regionId]);
  const types = usePoll(() => call<Types>('DescribeInstanceTypes', {}), []);
  const [form, setForm] = useState({
    name: 'console-demo',
    image: 'aliyun_3_x64_20G_alibase_20240528.vhd',
    type: 'ecs.g7.large',
    charge: 'PostPaid',
    period: 1,
    bandwidth: 5,
    dataDisk: 40,
    dataDiskGoes: false,
    protection: false,
    amount: 1,
  });
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof form, v: unknown) => setForm({ ...form, [k]: v });
  const imageList = images.data?.Images.Image ?? [];
  const typeList = types.data?.InstanceTypes.InstanceType ?? [];
  return (
    <Dialog title="Launch instance" onClose={onClose}>
      <form
        class="stack"
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          setError(undefined);
          try {
            await call('RunInstances', {
              RegionId: regionId,
              InstanceName: form.name,
              ImageId: form.image,
              InstanceType: form.type,
              InstanceChargeType: form.charge,
              ...(form.charge === 'PrePaid' ? { Period: form.period, PeriodUnit: 'Month' } : {}),
              InternetMaxBandwidthOut: form.bandwidth,
              DeletionProtection: form.protection,
              Amount: form.amount,
              ...(form.dataDisk > 0 ? { DataDisk: [{ Size: form.dataDisk, Category: 'cloud_essd', DeleteWithInstance: form.dataDiskGoes }] } : {}),
            });
            noteAction();
            onClose();
          } catch (err) {
            setError(err);
          } finally {
            setBusy(false);
          }
        }}
      >
        <Field label="Name">
          <input name="name" value={form.name} onInput={(e) => set('name', e.currentTarget.value)} />
        </Field>
        <Field label="Image">
          <select name="image" value={form.image} onChange={(e) => set('image', e.currentTarget.value)}>
            {(imageList.length ? imageList : [{ ImageId: form.image, ImageName: form.image }]).map((i) => (
              <option value={i.ImageId}>{i.ImageName || i.ImageId}</option>
            ))}
          </select>
        </Field>
        <Field label="Instance type">
          <select name="type" value={form.type} onChange={(e) => set('type', e.currentTarget.value)}>
            {(typeList.length ? typeList : [{ InstanceTypeId: form.type, CpuCoreCount: 0, MemorySize: 0 }]).map((t) => (
              <option value={t.InstanceTypeId}>
                {t.InstanceTypeId}
                {t.CpuCoreCount ? ` (${t.CpuCoreCount} vCPU, ${t.MemorySize} GiB)` : ''}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Charge type">
          <select name="charge" value={form.charge} onChange={(e) => set('charge', e.currentTarget.value)}>
            <option value="PostPaid">Pay-as-you-go (PostPaid)</option>
            <option value="PrePaid">Subscription (PrePaid)</option>
          </select>
        </Field>
        {form.charge === 'PrePaid' && (
          <Field label="Months">
            <input name="period" type="number" min={1} max={60} value={form.period} onInput={(e) => set('period', Number(e.currentTarget.value))} />
          </Field>
        )}
        <Field label="Public IP bandwidth (Mbit/s, 0: none)">
          <input name="bandwidth" type="number" min={0} max={100} value={form.bandwidth} onInput={(e) => set('bandwidth', Number(e.currentTarget.value))} />
        </Field>
        <Field label="Data disk GiB (0: none)">
          <input name="dataDisk" type="number" min={0} max={32768} value={form.dataDisk} onInput={(e) => set('dataDisk', Number(e.currentTarget.value))} />
        </Field>
        <label class="check">
          <input name="dataDiskGoes" type="checkbox" checked={form.dataDiskGoes} onChange={(e) => set('dataDiskGoes', e.currentTarget.checked)} /> Release the
          data disk with the instance
        </label>
        <label class="check">
          <input name="protection" type="checkbox" checked={form.protection} onChange={(e) => set('protection', e.currentTarget.checked)} /> Release protection
        </label>
        <Field label="Amount">
          <input name="amount" type="number" min={1} max={100} value={form.amount} onInput={(e) => set('amount', Number(e.currentTarget.value))} />
        </Field>
        <div class="buttons">
          <button type="submit" class="primary" disabled={busy}>
            Launch
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
        <ErrorBox error={error} />
      </form>
    </Dialog>
  );
}
