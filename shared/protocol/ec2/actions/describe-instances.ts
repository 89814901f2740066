import { defineEc2Action, Ec2Errors } from '../adapter';
import { applyFilters, pageOf, type Filter } from '../views';
import { checkInstanceIds, InstanceErrors } from './instance-common';
import { instancesPage } from './instance-page';
import { instancesView, reservationIdOf, type Ec2Instance } from './instance-view';

/**
 * DescribeInstances (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeInstances.html):
 * the instances grouped by reservation (one per RunInstances call), EC2's filters and paging.
 */

const INSTANCE_FILTERS: Record<string, (i: Ec2Instance) => unknown> = {
  'instance-id': (i) => i.InstanceId,
  'instance-state-name': (i) => i.State.Name,
  'instance-state-code': (i) => i.State.Code,
  'image-id': (i) => i.ImageId,
  'instance-type': (i) => i.InstanceType,
  'key-name': (i) => i.KeyName,
  'vpc-id': (i) => i.VpcId,
  'subnet-id': (i) => i.SubnetId,
  'availability-zone': (i) => (i.Placement as { AvailabilityZone: string }).AvailabilityZone,
  'private-ip-address': (i) => i.PrivateIpAddress,
  'ip-address': (i) => i.PublicIpAddress,
  'network-interface.addresses.association.public-ip': (i) => i.PublicIpAddress,
  'reservation-id': (i) => reservationIdOf(i),
  'monitoring-state': (i) => (i.Monitoring as { State: string }).State,
  'metadata-options.http-tokens': (i) => (i.MetadataOptions as { HttpTokens: string }).HttpTokens,
  'metadata-options.http-endpoint': (i) => (i.MetadataOptions as { HttpEndpoint: string }).HttpEndpoint,
  'metadata-options.http-put-response-hop-limit': (i) => (i.MetadataOptions as { HttpPutResponseHopLimit: number }).HttpPutResponseHopLimit,
  'owner-id': () => undefined,
  'instance.group-id': (i) => (i.SecurityGroups as { GroupId: string }[]).map((g) => g.GroupId),
  'instance.group-name': (i) => (i.SecurityGroups as { GroupName: string }[]).map((g) => g.GroupName),
  'group-id': (i) => (i.SecurityGroups as { GroupId: string }[]).map((g) => g.GroupId),
  'group-name': (i) => (i.SecurityGroups as { GroupName: string }[]).map((g) => g.GroupName),
  architecture: (i) => i.Architecture,
  'placement-group-name': (i) => (i.Placement as { GroupName: string }).GroupName || undefined,
  'root-device-type': (i) => i.RootDeviceType,
  platform: (i) => i.Platform,
  'block-device-mapping.volume-id': (i) => (i.BlockDeviceMappings as { Ebs: { VolumeId: string } }[]).map((b) => b.Ebs.VolumeId),
  'private-dns-name': (i) => i.PrivateDnsName,
  'dns-name': (i) => i.PublicDnsName,
};

export const describeInstances = defineEc2Action<{
  InstanceIds?: string[];
  Filters?: Filter[];
  MaxResults?: number;
  NextToken?: string;
  DryRun?: boolean;
}>({
  name: 'DescribeInstances',
  uses: ['DescribeInstances', 'DescribeSecurityGroups', 'DescribeDisks'],
  handle: async (input, call) => {
    const ids = input.InstanceIds?.length ? input.InstanceIds : undefined;
    if (ids && input.MaxResults !== undefined) {
      throw Ec2Errors.invalidCombination('The parameter instancesSet cannot be used with the parameter maxResults');
    }
    checkInstanceIds(ids);
    const owner = call.accountId;
    // An unfiltered page reads about its own items (instance-page.ts), not the whole region.
    if (!ids && !input.Filters?.length && input.MaxResults !== undefined) {
      const { page, nextToken } = await instancesPage(call, { maxResults: input.MaxResults, nextToken: input.NextToken, dryRun: input.DryRun });
      return { Reservations: reservationsOf(page, owner), ...(nextToken ? { NextToken: nextToken } : {}) };
    }
    let instances = await instancesView(call, { ids, dryRun: input.DryRun });
    if (ids) {
      const missing = [...new Set(ids)].filter((id) => !instances.some((i) => i.InstanceId === id));
      if (missing.length) throw InstanceErrors.notFound(missing);
    }
    instances = applyFilters(instances, input.Filters, { ...INSTANCE_FILTERS, 'owner-id': () => owner });
    const { page, nextToken } = pageOf(instances, (i) => i.InstanceId, 'DescribeInstances', input.MaxResults, input.NextToken, {
      min: 5,
      max: 1000,
    });
    return { Reservations: reservationsOf(page, owner), ...(nextToken ? { NextToken: nextToken } : {}) };
  },
});

/** The page's instances grouped by reservation, in the order their first instance appears. */
function reservationsOf(instances: Ec2Instance[], owner: string) {
  const byReservation = new Map<string, Ec2Instance[]>();
  for (const i of instances) {
    const id = reservationIdOf(i);
    byReservation.set(id, [...(byReservation.get(id) ?? []), i]);
  }
  return [...byReservation].map(([ReservationId, members]) => ({ ReservationId, OwnerId: owner, Groups: [], Instances: members }));
}
