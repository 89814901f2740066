import { settleDisk, type DiskRecord } from '../../../domain/disk';
import type { InstanceRecord } from '../../../domain/instance';
import { renderDisk } from '../../../actions/disks/render';
import { DISK, stripKeys } from '../../../store/instances';
import { Keys } from '../../../store/keys';
import { SECURITY_GROUP, type SecurityGroupItem } from '../../../store/security-groups';
import type { Ec2Call } from '../adapter';
import { placementNamesOf, type ViewContext } from './instance-view';

/**
 * The security group names and disks a page of EC2 DescribeInstances renders, read straight from
 * the store in one BatchGetItem round (each distinct group once, every disk of the page by id),
 * with the page's placement groups beside it; disks settled at the page's `now`. `instanceDetails` (instance-view.ts) answers the
 * same through the ECS DescribeSecurityGroups and DescribeDisks actions: two more nested action
 * runs (validation, full renders of groups with their rules) for two names and four disk fields
 * per instance. The caller was authorised for `ec2:DescribeInstances` at the door, as for the
 * instance records themselves (instance-page.ts).
 */
export async function pageDetails(call: Ec2Call, live: InstanceRecord[], now: Date): Promise<ViewContext> {
  const ctx: ViewContext = { groupNames: new Map(), disks: new Map() };
  if (live.length === 0) return ctx;
  const groupIds = [...new Set(live.flatMap((i) => i.securityGroupIds))];
  const diskIds = [...new Set(live.flatMap((r) => [r.systemDiskId, ...r.dataDiskIds].filter(Boolean)))];
  const key = (type: string, id: string) => Keys.resource(call.accountId, call.region, type, id);
  const [placementNames, items] = await Promise.all([
    placementNamesOf(
      call,
      live.map((i) => ({ DeploymentSetId: i.deploymentSetId })),
    ),
    call.accountId
      ? call.store.getMany<Record<string, unknown>>([...groupIds.map((id) => key(SECURITY_GROUP, id)), ...diskIds.map((id) => key(DISK, id))])
      : Promise.resolve([]),
  ]);
  ctx.placementNames = placementNames;
  const diskPartition = Keys.resourcePartition(call.accountId, call.region, DISK);
  for (const item of items) {
    if (item.pk !== diskPartition) {
      const group = item as unknown as SecurityGroupItem;
      ctx.groupNames.set(group.securityGroupId, group.securityGroupName);
      continue;
    }
    // As DescribeDisks renders it: settled to the sandbox clock, attached disks only.
    const d = renderDisk(settleDisk(stripKeys(item as unknown as DiskRecord), now));
    const instanceId = d.InstanceId as string;
    if (!instanceId) continue;
    const list = ctx.disks.get(instanceId) ?? [];
    list.push(d);
    ctx.disks.set(instanceId, list);
  }
  return ctx;
}
