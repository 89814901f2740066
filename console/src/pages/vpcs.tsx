import { useState } from 'preact/hooks';
import { call } from '../api';
import { usePoll } from '../live';
import { useRegion, useSession } from '../session-hooks';
import { Table } from '../table';
import type { Vpc, VSwitch } from '../types';
import { ActionButton, ErrorBox, Status } from '../ui';

/**
 * VPCs and their vSwitches through the VPC API (2016-04-28) actions, called on the
 * same `/api/<Action>` routes as ECS's: list, create, delete. A new VPC or vSwitch
 * is Pending for a moment, then Available (docs/network.md); the page polls fast
 * while one is Pending. Refusals (DependencyViolation.VSwitch, IncorrectVpcStatus,
 * InvalidCidrBlock.Overlapped, ...) show as the API words them.
 */
const pending = (s: { Status: string }) => s.Status === 'Pending';

export function VpcsPage() {
  const regionId = useRegion();
  const s = useSession();
  const vpcs = usePoll(
    () => call<{ Vpcs: { Vpc: Vpc[] } }>('DescribeVpcs', { RegionId: regionId, PageSize: 50 }),
    [regionId, s.accountId],
    (v) => v.Vpcs.Vpc.some(pending),
  );
  const [cidr, setCidr] = useState('10.0.0.0/16');
  const [name, setName] = useState('');
  const [open, setOpen] = useState('');
  return (
    <section aria-labelledby="vpc-title">
      <h1 id="vpc-title">VPCs</h1>
      <form class="inline-form" aria-label="Create VPC" onSubmit={(e) => e.preventDefault()}>
        <input aria-label="VPC CIDR block" value={cidr} onInput={(e) => setCidr(e.currentTarget.value)} size={14} />
        <input aria-label="VPC name" placeholder="name" value={name} onInput={(e) => setName(e.currentTarget.value)} size={14} />
        <ActionButton
          label="Create VPC"
          kind="primary"
          run={() => call('CreateVpc', { RegionId: regionId, CidrBlock: cidr.trim(), ...(name.trim() ? { VpcName: name.trim() } : {}) })}
        />
      </form>
      <ErrorBox error={vpcs.error} />
      <Table
        testId="vpcs"
        rows={vpcs.data?.Vpcs.Vpc ?? []}
        rowId={(v) => v.VpcId}
        empty={`No VPCs in ${regionId}.`}
        columns={[
          [
            'VPC',
            (v) => (
              <>
                {v.VpcId}
                <div class="muted">
                  {v.VpcName}
                  {v.IsDefault ? ' (default)' : ''}
                </div>
              </>
            ),
          ],
          ['Status', (v) => <Status value={v.Status} />],
          ['CIDR block', (v) => v.CidrBlock],
          ['vSwitches', (v) => v.VSwitchIds.VSwitchId.length],
          [
            '',
            (v) => (
              <span class="actions">
                <button type="button" aria-expanded={open === v.VpcId} onClick={() => setOpen(open === v.VpcId ? '' : v.VpcId)}>
                  vSwitches
                </button>
                <ActionButton label="Delete" kind="danger" run={() => call('DeleteVpc', { RegionId: regionId, VpcId: v.VpcId })} />
              </span>
            ),
          ],
        ]}
      />
      {open && <VSwitches vpc={(vpcs.data?.Vpcs.Vpc ?? []).find((v) => v.VpcId === open)} vpcId={open} />}
    </section>
  );
}

function VSwitches({ vpcId, vpc }: { vpcId: string; vpc: Vpc | undefined }) {
  const regionId = useRegion();
  const list = usePoll(
    () => call<{ VSwitches: { VSwitch: VSwitch[] } }>('DescribeVSwitches', { RegionId: regionId, VpcId: vpcId, PageSize: 50 }),
    [regionId, vpcId],
    (v) => v.VSwitches.VSwitch.some(pending),
  );
  const zones = usePoll(() => call<{ Zones: { Zone: { ZoneId: string }[] } }>('DescribeZones', { RegionId: regionId }), [regionId]);
  const zoneIds = (zones.data?.Zones.Zone ?? []).map((z) => z.ZoneId);
  const [zone, setZone] = useState('');
  const [cidr, setCidr] = useState(() => firstBlock(vpc?.CidrBlock));
  const [name, setName] = useState('');
  return (
    <section aria-label={`vSwitches of ${vpcId}`}>
      <h2>vSwitches of {vpcId}</h2>
      <ErrorBox error={list.error} />
      <Table
        testId="vswitches"
        rows={list.data?.VSwitches.VSwitch ?? []}
        rowId={(v) => v.VSwitchId}
        empty="No vSwitches in this VPC."
        columns={[
          [
            'vSwitch',
            (v) => (
              <>
                {v.VSwitchId}
                <div class="muted">
                  {v.VSwitchName}
                  {v.IsDefault ? ' (default)' : ''}
                </div>
              </>
            ),
          ],
          ['Status', (v) => <Status value={v.Status} />],
          ['Zone', (v) => v.ZoneId],
          ['CIDR block', (v) => v.CidrBlock],
          ['Free addresses', (v) => v.AvailableIpAddressCount],
          ['', (v) => <ActionButton label="Delete" kind="danger" run={() => call('DeleteVSwitch', { RegionId: regionId, VSwitchId: v.VSwitchId })} />],
        ]}
      />
      <form class="inline-form" aria-label="Create vSwitch" onSubmit={(e) => e.preventDefault()}>
        <select aria-label="Zone" value={zone || zoneIds[0] || ''} onChange={(e) => setZone(e.currentTarget.value)}>
          {zoneIds.map((z) => (
            <option value={z}>{z}</option>
          ))}
        </select>
        <input aria-label="vSwitch CIDR block" value={cidr} onInput={(e) => setCidr(e.currentTarget.value)} size={14} />
        <input aria-label="vSwitch name" placeholder="name" value={name} onInput={(e) => setName(e.currentTarget.value)} size={14} />
        <ActionButton
          label="Create vSwitch"
          kind="primary"
          // Until the zones are read there is no zone to send (the API would answer MissingParameter ZoneId).
          disabled={!zoneIds.length}
          run={() =>
            call('CreateVSwitch', {
              RegionId: regionId,
              VpcId: vpcId,
              ZoneId: zone || zoneIds[0] || '',
              CidrBlock: cidr.trim(),
              ...(name.trim() ? { VSwitchName: name.trim() } : {}),
            })
          }
        />
      </form>
    </section>
  );
}

/** A /24 at the start of the VPC's block: a sensible first vSwitch (10.0.0.0/16 → 10.0.0.0/24). */
function firstBlock(vpcCidr: string | undefined): string {
  const m = /^(\d+)\.(\d+)\.(\d+)\.\d+\/(\d+)$/.exec(vpcCidr ?? '');
  if (!m || Number(m[4]) > 24) return vpcCidr ?? '';
  return `${m[1]}.${m[2]}.${m[3]}.0/24`;
}
