import { createHash } from 'node:crypto';
import { defineEc2Action, Ec2Errors, type Ec2Call } from '../adapter';
import { applyFilters, checkIds, pageOf, type Filter } from '../views';
import { instancesView, type Ec2Instance } from './instance-view';
import { InstanceErrors } from './instance-common';

/**
 * DescribeInstanceStatus, GetConsoleOutput and DescribeInstanceCreditSpecifications over the ECS
 * instance view (DescribeInstances). Status checks pass as soon as an instance is running: the
 * sandbox has no failing hardware, so `instance-status-ok` waiters end once the instance runs
 * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeInstanceStatus.html).
 */

async function namedInstances(call: Ec2Call, ids: string[] | undefined, dryRun?: boolean): Promise<Ec2Instance[]> {
  checkIds(ids, 'InvalidInstanceID.Malformed', ['i'], 'i');
  const list = await instancesView(call, { ids: ids?.length ? ids : undefined, dryRun, withDetails: false });
  if (ids?.length) {
    const missing = [...new Set(ids)].filter((id) => !list.some((i) => i.InstanceId === id));
    if (missing.length) throw InstanceErrors.notFound(missing);
  }
  return list;
}

function statusOf(i: Ec2Instance) {
  const running = i.State.Name === 'running';
  const status = running ? 'ok' : 'not-applicable';
  const detail = running ? [{ Name: 'reachability', Status: 'passed' }] : [];
  return {
    AvailabilityZone: (i.Placement as { AvailabilityZone: string }).AvailabilityZone,
    InstanceId: i.InstanceId,
    InstanceState: i.State,
    InstanceStatus: { Status: status, Details: detail },
    SystemStatus: { Status: status, Details: detail },
    ...(running ? { AttachedEbsStatus: { Status: 'ok', Details: detail } } : {}),
  };
}

type InstanceStatus = ReturnType<typeof statusOf>;

export const describeInstanceStatus = defineEc2Action<{
  InstanceIds?: string[];
  Filters?: Filter[];
  IncludeAllInstances?: boolean;
  MaxResults?: number;
  NextToken?: string;
  DryRun?: boolean;
}>({
  name: 'DescribeInstanceStatus',
  uses: ['DescribeInstances'],
  handle: async (input, call) => {
    if (input.InstanceIds?.length && input.MaxResults !== undefined) {
      throw Ec2Errors.invalidCombination('The parameter instancesSet cannot be used with the parameter maxResults');
    }
    const instances = await namedInstances(call, input.InstanceIds, input.DryRun);
    // Without IncludeAllInstances only running instances are described.
    let statuses: InstanceStatus[] = instances.filter((i) => input.IncludeAllInstances || i.State.Name === 'running').map(statusOf);
    statuses = applyFilters(statuses, input.Filters, {
      'availability-zone': (s) => s.AvailabilityZone,
      'instance-state-name': (s) => s.InstanceState.Name,
      'instance-state-code': (s) => s.InstanceState.Code,
      'instance-status.status': (s) => s.InstanceStatus.Status,
      'instance-status.reachability': (s) => s.InstanceStatus.Details.map((d) => d.Status),
      'system-status.status': (s) => s.SystemStatus.Status,
      'system-status.reachability': (s) => s.SystemStatus.Details.map((d) => d.Status),
      'event.code': () => [],
      'event.description': () => [],
    });
    statuses.sort((a, b) => (a.InstanceId < b.InstanceId ? -1 : 1));
    const { page, nextToken } = pageOf(statuses, (s) => s.InstanceId, 'DescribeInstanceStatus', input.MaxResults, input.NextToken, { min: 5, max: 1000 });
    return { InstanceStatuses: page, ...(nextToken ? { NextToken: nextToken } : {}) };
  },
});

/** A short boot log, stable per instance (the sandbox runs no guest). */
function bootLog(i: Ec2Instance): string {
  const host = (i.PrivateDnsName as string) || i.InstanceId;
  return [
    `[    0.000000] Linux version 6.1.0 (sandbox) #1 SMP`,
    `[    0.000000] Command line: BOOT_IMAGE=/boot/vmlinuz root=LABEL=/ console=ttyS0`,
    `[    1.204411] cloud-init[${parseInt(createHash('sha256').update(i.InstanceId).digest('hex').slice(0, 4), 16)}]: Cloud-init v. 23.4 running 'init' for ${i.InstanceId}`,
    `[    2.518203] cloud-init: hostname ${host}`,
    `${host} login: `,
    '',
  ].join('\n');
}

export const getConsoleOutput = defineEc2Action<{ InstanceId: string; Latest?: boolean; DryRun?: boolean }>({
  name: 'GetConsoleOutput',
  uses: ['DescribeInstances'],
  handle: async (input, call) => {
    const [i] = await namedInstances(call, [input.InstanceId], input.DryRun);
    const booted = i!.State.Name !== 'pending' && i!.LaunchTime !== undefined;
    return {
      InstanceId: i!.InstanceId,
      Timestamp: await call.now(),
      ...(booted ? { Output: Buffer.from(bootLog(i!)).toString('base64') } : {}),
    };
  },
});

/**
 * The credit option of burstable types: T2 launches `standard`, T3, T3a and T4g `unlimited`
 * (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/burstable-performance-instances-unlimited-mode-concepts.html).
 * Other types are not burstable and are left out of the answer.
 */
export const creditsOf = (type: string): string | undefined => (type.startsWith('t2.') ? 'standard' : /^t(3|3a|4g)\./.test(type) ? 'unlimited' : undefined);

export const describeInstanceCreditSpecifications = defineEc2Action<{
  InstanceIds?: string[];
  Filters?: Filter[];
  MaxResults?: number;
  NextToken?: string;
  DryRun?: boolean;
}>({
  name: 'DescribeInstanceCreditSpecifications',
  uses: ['DescribeInstances'],
  handle: async (input, call) => {
    const instances = await namedInstances(call, input.InstanceIds, input.DryRun);
    let specs = instances
      .filter((i) => i.State.Name !== 'terminated')
      .flatMap((i) => {
        const credits = creditsOf(String(i.InstanceType)) && ((i as { _cpuCredits?: string })._cpuCredits || creditsOf(String(i.InstanceType)));
        return credits ? [{ InstanceId: i.InstanceId, CpuCredits: credits }] : [];
      });
    specs = applyFilters(specs, input.Filters, { 'instance-id': (s) => s.InstanceId });
    const { page, nextToken } = pageOf(specs, (s) => s.InstanceId, 'DescribeInstanceCreditSpecifications', input.MaxResults, input.NextToken, {
      min: 5,
      max: 1000,
    });
    return { InstanceCreditSpecifications: page, ...(nextToken ? { NextToken: nextToken } : {}) };
  },
});
