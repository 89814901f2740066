import { useState } from 'preact/hooks';
import { call } from '../api';
import { usePoll } from '../live';
import { useRegion, useSession } from '../session-hooks';
import type { Instance } from '../types';
import { ActionButton, ErrorBox, isTransitional, Status } from '../ui';
import { LaunchDialog } from './launch-dialog';
import { ReleaseDialog } from './release-dialog';

/**
 * Instances of the region: status, type, IPs, charge type, protection,
 * auto-release time, expiry; filters, page-number paging, bulk
 * Start / Stop / Reboot / Release. Live: polls every second while any row is transitional.
 */
type Page = { Instances: { Instance: Instance[] }; TotalCount: number };
const STATUSES = ['', 'Pending', 'Running', 'Starting', 'Stopping', 'Stopped'];

export function InstancesPage() {
  const regionId = useRegion();
  const s = useSession();
  const [status, setStatus] = useState('');
  const [name, setName] = useState('');
  const [charge, setCharge] = useState('');
  const [page, setPage] = useState(1);
  const [size, setSize] = useState(20);
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [dialog, setDialog] = useState<'launch' | 'release' | ''>('');
  const params = {
    RegionId: regionId,
    PageNumber: page,
    PageSize: size,
    ...(status ? { Status: status } : {}),
    ...(name ? { InstanceName: name.includes('*') ? name : `*${name}*` } : {}),
    ...(charge ? { InstanceChargeType: charge } : {}),
  };
  const list = usePoll(
    () => call<Page>('DescribeInstances', params),
    [regionId, s.accountId, status, name, charge, page, size],
    (v) => v.Instances.Instance.some((i) => isTransitional(i.Status)),
  );
  const rows = list.data?.Instances.Instance ?? [];
  const total = list.data?.TotalCount ?? 0;
  const ids = [...picked].filter((id) => rows.some((r) => r.InstanceId === id));
  const bulk =
    (action: string, extra: Record<string, unknown> = {}) =>
    () =>
      call(action, { RegionId: regionId, InstanceId: ids, ...extra });
  const toggle = (id: string) => {
    const next = new Set(picked);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setPicked(next);
  };
  return (
    <section aria-labelledby="instances-title">
      <div class="page-head">
        <h1 id="instances-title">Instances</h1>
        <button type="button" class="primary" onClick={() => setDialog('launch')}>
          Launch instance
        </button>
      </div>
      <form class="filters" onSubmit={(e) => e.preventDefault()} aria-label="Filters">
        <label>
          Status{' '}
          <select value={status} onChange={(e) => (setStatus(e.currentTarget.value), setPage(1))}>
            {STATUSES.map((v) => (
              <option value={v}>{v || 'any'}</option>
            ))}
          </select>
        </label>
        <label>
          Name <input value={name} onChange={(e) => (setName(e.currentTarget.value), setPage(1))} placeholder="web-*" size={12} />
        </label>
        <label>
          Charge type{' '}
          <select value={charge} onChange={(e) => (setCharge(e.currentTarget.value), setPage(1))}>
            <option value="">any</option>
            <option value="PostPaid">PostPaid</option>
            <option value="PrePaid">PrePaid</option>
          </select>
        </label>
      </form>
      <div class="toolbar" role="toolbar" aria-label="Selected instances">
        <span class="muted">{ids.length} selected</span>
        <ActionButton label="Start" disabled={!ids.length} run={bulk('StartInstances')} />
        <ActionButton label="Stop" disabled={!ids.length} run={bulk('StopInstances')} />
        <ActionButton label="Reboot" disabled={!ids.length} run={bulk('RebootInstances')} />
        <button type="button" class="danger" disabled={!ids.length} onClick={() => setDialog('release')}>
          Release…
        </button>
      </div>
      <ErrorBox error={list.error} />
      <div class="table-wrap">
        <table class="grid" data-testid="instances">
          <thead>
            <tr>
              <th>
                <input
                  type="checkbox"
                  aria-label="Select all"
                  checked={rows.length > 0 && ids.length === rows.length}
                  onChange={(e) => setPicked(new Set(e.currentTarget.checked ? rows.map((r) => r.InstanceId) : []))}
                />
              </th>
              <th>Instance</th>
              <th>Status</th>
              <th>Type</th>
              <th>IP addresses / VPC, vSwitch</th>
              <th>Charge / expiry</th>
              <th>Protection</th>
              <th>Auto-release</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((i) => (
              <tr data-id={i.InstanceId}>
                <td>
                  <input type="checkbox" aria-label={`Select ${i.InstanceId}`} checked={picked.has(i.InstanceId)} onChange={() => toggle(i.InstanceId)} />
                </td>
                <td>
                  <a class="id" href={`#/instances/${i.InstanceId}`}>
                    {i.InstanceId}
                  </a>
                  <div class="muted">{i.InstanceName}</div>
                </td>
                <td>
                  <Status value={i.Status} />
                </td>
                <td>{i.InstanceType}</td>
                <td class="ips">
                  {ipLines(i).map((l) => (
                    <div>{l}</div>
                  ))}
                  <div class="muted" data-col="network">
                    {i.VpcAttributes.VpcId} / {i.VpcAttributes.VSwitchId}
                  </div>
                </td>
                <td>
                  {i.InstanceChargeType}
                  {i.InstanceChargeType === 'PrePaid' && <div class="muted">expires {i.ExpiredTime}</div>}
                </td>
                <td data-col="protection">{i.DeletionProtection ? 'On' : 'Off'}</td>
                <td data-col="auto-release">{i.AutoReleaseTime || '—'}</td>
              </tr>
            ))}
            {!rows.length && (
              <tr>
                <td colSpan={8} class="muted">
                  {list.loading ? 'Loading…' : `No instances in ${regionId}.`}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <nav class="pager" aria-label="Pages">
        <button type="button" disabled={page <= 1} onClick={() => setPage(page - 1)}>
          Previous
        </button>
        <span>
          Page {page} of {Math.max(1, Math.ceil(total / size))}
          {list.data ? ` · ${total} instances` : ''}
        </span>
        <button type="button" disabled={page * size >= total} onClick={() => setPage(page + 1)}>
          Next
        </button>
        <label>
          Per page{' '}
          <select value={size} onChange={(e) => (setSize(Number(e.currentTarget.value)), setPage(1))}>
            {[10, 20, 50, 100].map((n) => (
              <option value={n}>{n}</option>
            ))}
          </select>
        </label>
      </nav>
      {dialog === 'launch' && <LaunchDialog onClose={() => setDialog('')} />}
      {dialog === 'release' && <ReleaseDialog ids={ids} onClose={() => setDialog('')} />}
    </section>
  );
}

export function ipLines(i: Instance): string[] {
  const out = [...i.PublicIpAddress.IpAddress.map((ip) => `${ip} public`)];
  if (i.EipAddress.IpAddress) out.push(`${i.EipAddress.IpAddress} EIP`);
  out.push(...i.VpcAttributes.PrivateIpAddress.IpAddress.map((ip) => `${ip} private`));
  return out;
}

export const ipsOf = (i: Instance) => ipLines(i).join(', ');
