import { useState } from 'preact/hooks';
import { call } from '../api';
import { usePoll } from '../live';
import { useRegion, useSession } from '../session-hooks';
import { Table } from '../table';
import type { Eip } from '../types';
import { ActionButton, ErrorBox, Status } from '../ui';

/** Security groups (with a rule editor) and EIPs. */
type Group = { SecurityGroupId: string; SecurityGroupName: string; VpcId: string; Description: string };
type Rule = {
  Direction: string;
  IpProtocol: string;
  PortRange: string;
  SourceCidrIp: string;
  DestCidrIp: string;
  Policy: string;
  Priority: string;
  Description: string;
};

export function SecurityGroupsPage() {
  const regionId = useRegion();
  const s = useSession();
  const groups = usePoll(
    () => call<{ SecurityGroups: { SecurityGroup: Group[] } }>('DescribeSecurityGroups', { RegionId: regionId, PageSize: 50 }),
    [regionId, s.accountId],
  );
  const [name, setName] = useState('');
  const [open, setOpen] = useState('');
  return (
    <section aria-labelledby="sg-title">
      <h1 id="sg-title">Security groups</h1>
      <form class="inline-form" aria-label="Create security group" onSubmit={(e) => e.preventDefault()}>
        <input aria-label="Security group name" placeholder="name" value={name} onInput={(e) => setName(e.currentTarget.value)} />
        <ActionButton
          label="Create security group"
          kind="primary"
          run={() => call('CreateSecurityGroup', { RegionId: regionId, ...(name ? { SecurityGroupName: name } : {}) })}
        />
      </form>
      <ErrorBox error={groups.error} />
      <Table
        rows={groups.data?.SecurityGroups.SecurityGroup ?? []}
        rowId={(g) => g.SecurityGroupId}
        empty={`No security groups in ${regionId}.`}
        columns={[
          [
            'Group',
            (g) => (
              <>
                {g.SecurityGroupId}
                <div class="muted">{g.SecurityGroupName}</div>
              </>
            ),
          ],
          ['VPC', (g) => g.VpcId],
          [
            '',
            (g) => (
              <span class="actions">
                <button type="button" onClick={() => setOpen(open === g.SecurityGroupId ? '' : g.SecurityGroupId)} aria-expanded={open === g.SecurityGroupId}>
                  Rules
                </button>
                <ActionButton
                  label="Delete"
                  kind="danger"
                  run={() => call('DeleteSecurityGroup', { RegionId: regionId, SecurityGroupId: g.SecurityGroupId })}
                />
              </span>
            ),
          ],
        ]}
      />
      {open && <RuleEditor groupId={open} />}
    </section>
  );
}

function RuleEditor({ groupId }: { groupId: string }) {
  const regionId = useRegion();
  const rules = usePoll(
    () => call<{ Permissions: { Permission: Rule[] } }>('DescribeSecurityGroupAttribute', { RegionId: regionId, SecurityGroupId: groupId }),
    [regionId, groupId],
  );
  const [rule, setRule] = useState({ Direction: 'ingress', IpProtocol: 'tcp', PortRange: '22/22', Cidr: '0.0.0.0/0', Policy: 'accept', Priority: '1' });
  const set = (k: keyof typeof rule, v: string) => setRule({ ...rule, [k]: v });
  const wire = (r: { Direction: string; IpProtocol: string; PortRange: string; Cidr: string; Policy: string; Priority: string }) => ({
    RegionId: regionId,
    SecurityGroupId: groupId,
    IpProtocol: r.IpProtocol,
    PortRange: r.PortRange,
    Policy: r.Policy,
    Priority: r.Priority,
    ...(r.Direction === 'ingress' ? { SourceCidrIp: r.Cidr } : { DestCidrIp: r.Cidr }),
  });
  const verb = (d: string, add: boolean) =>
    d === 'ingress' ? (add ? 'AuthorizeSecurityGroup' : 'RevokeSecurityGroup') : add ? 'AuthorizeSecurityGroupEgress' : 'RevokeSecurityGroupEgress';
  return (
    <section aria-label={`Rules of ${groupId}`}>
      <h2>Rules of {groupId}</h2>
      <ErrorBox error={rules.error} />
      <Table
        rows={rules.data?.Permissions.Permission ?? []}
        rowId={(r) => `${r.Direction}-${r.IpProtocol}-${r.PortRange}-${r.SourceCidrIp || r.DestCidrIp}`}
        empty="No rules."
        columns={[
          ['Direction', (r) => r.Direction],
          ['Protocol', (r) => r.IpProtocol],
          ['Ports', (r) => r.PortRange],
          ['CIDR', (r) => r.SourceCidrIp || r.DestCidrIp],
          ['Policy', (r) => r.Policy],
          ['Priority', (r) => r.Priority],
          [
            '',
            (r) => (
              <ActionButton label="Remove" kind="danger" run={() => call(verb(r.Direction, false), wire({ ...r, Cidr: r.SourceCidrIp || r.DestCidrIp }))} />
            ),
          ],
        ]}
      />
      <form class="inline-form" aria-label="Add rule" onSubmit={(e) => e.preventDefault()}>
        <select aria-label="Direction" value={rule.Direction} onChange={(e) => set('Direction', e.currentTarget.value)}>
          <option value="ingress">inbound</option>
          <option value="egress">outbound</option>
        </select>
        <select aria-label="Protocol" value={rule.IpProtocol} onChange={(e) => set('IpProtocol', e.currentTarget.value)}>
          {['tcp', 'udp', 'icmp', 'gre', 'all'].map((p) => (
            <option value={p}>{p}</option>
          ))}
        </select>
        <input aria-label="Port range" value={rule.PortRange} onInput={(e) => set('PortRange', e.currentTarget.value)} size={9} />
        <input aria-label="CIDR" value={rule.Cidr} onInput={(e) => set('Cidr', e.currentTarget.value)} size={14} />
        <select aria-label="Policy" value={rule.Policy} onChange={(e) => set('Policy', e.currentTarget.value)}>
          <option value="accept">accept</option>
          <option value="drop">drop</option>
        </select>
        <input
          aria-label="Priority"
          type="number"
          min={1}
          max={100}
          value={rule.Priority}
          onInput={(e) => set('Priority', e.currentTarget.value)}
          style="width:4em"
        />
        <ActionButton label="Add rule" kind="primary" run={() => call(verb(rule.Direction, true), wire(rule))} done={rules.reload} />
      </form>
    </section>
  );
}

export function EipsPage() {
  const regionId = useRegion();
  const s = useSession();
  const eips = usePoll(
    () => call<{ EipAddresses: { EipAddress: Eip[] } }>('DescribeEipAddresses', { RegionId: regionId, PageSize: 50 }),
    [regionId, s.accountId],
  );
  const [to, setTo] = useState<Record<string, string>>({});
  return (
    <section aria-labelledby="eip-title">
      <h1 id="eip-title">Elastic IP addresses</h1>
      <p>
        <ActionButton label="Allocate EIP" kind="primary" run={() => call('AllocateEipAddress', { RegionId: regionId })} />
      </p>
      <ErrorBox error={eips.error} />
      <Table
        rows={eips.data?.EipAddresses.EipAddress ?? []}
        rowId={(e) => e.AllocationId}
        empty={`No EIPs in ${regionId}.`}
        columns={[
          [
            'EIP',
            (e) => (
              <>
                {e.AllocationId}
                <div class="muted">{e.IpAddress}</div>
              </>
            ),
          ],
          ['Status', (e) => <Status value={e.Status} />],
          ['Instance', (e) => (e.InstanceId ? <a href={`#/instances/${e.InstanceId}`}>{e.InstanceId}</a> : '— (charging while idle)')],
          [
            '',
            (e) =>
              e.InstanceId ? (
                <ActionButton
                  label="Unassociate"
                  run={() => call('UnassociateEipAddress', { RegionId: regionId, AllocationId: e.AllocationId, InstanceId: e.InstanceId })}
                />
              ) : (
                <span class="actions">
                  <input
                    aria-label={`Instance for ${e.AllocationId}`}
                    placeholder="i-…"
                    size={10}
                    value={to[e.AllocationId] ?? ''}
                    onInput={(ev) => setTo({ ...to, [e.AllocationId]: ev.currentTarget.value })}
                  />
                  <ActionButton
                    label="Associate"
                    run={() => call('AssociateEipAddress', { RegionId: regionId, AllocationId: e.AllocationId, InstanceId: (to[e.AllocationId] ?? '').trim() })}
                  />
                  <ActionButton label="Release" kind="danger" run={() => call('ReleaseEipAddress', { RegionId: regionId, AllocationId: e.AllocationId })} />
                </span>
              ),
          ],
        ]}
      />
    </section>
  );
}
