import { Errors } from '../domain/errors';
import type { ActionDefinition } from './action';
import { advanceSandboxClock, describeSandboxClock } from './operator/clock';
import {
  createAccessKey,
  createAccount,
  createApiToken,
  deleteAccessKey,
  putAccessKeyPolicy,
} from './operator/accounts';
import { runScheduledJobs } from './operator/scheduled-jobs';
import { describeInstanceTypes } from './catalogue/instance-types';
import { describeRegions, describeZones } from './catalogue/regions-zones';
import { describeImages } from './images/describe-images';
import { deleteInstance, deleteInstances } from './instances/delete';
import { describeInstanceAttribute, describeInstances, describeInstanceStatus } from './instances/describe';
import {
  describeInstanceAutoRenewAttribute,
  modifyInstanceAutoRenewAttribute,
  modifyInstanceChargeType,
  renewInstance,
} from './instances/billing';
import { modifyInstanceAttribute, modifyInstanceAutoReleaseTime } from './instances/modify';
import { rebootInstance, rebootInstances, startInstance, startInstances, stopInstance, stopInstances } from './instances/power';
import { createInstance, runInstances } from './instances/run-instances';
import { modifyAccountQuota } from './operator/quotas';
import { describeResourceCharges } from './billing/describe-resource-charges';
import { lookupEvents } from './events/lookup-events';
import { rebuildViewsAction } from './operator/rebuild-views';
import { describeWebhookDeliveries, redeliverWebhookEvent, testWebhook } from './webhooks/deliveries';
import { createWebhook, deleteWebhook, describeWebhooks, modifyWebhook } from './webhooks/manage';

/**
 * The list of implemented actions, declared once. serverless.yml (one Lambda
 * per action), the front doors and the README's action list are checked
 * against it by tests/unit/action-list.test.ts.
 */
export const ACTIONS: ActionDefinition[] = [
  describeRegions,
  describeZones,
  describeInstanceTypes,
  describeImages,
  runInstances,
  createInstance,
  describeInstances,
  describeInstanceStatus,
  describeInstanceAttribute,
  startInstance,
  startInstances,
  stopInstance,
  stopInstances,
  rebootInstance,
  rebootInstances,
  deleteInstance,
  deleteInstances,
  modifyInstanceAttribute,
  modifyInstanceAutoReleaseTime,
  modifyInstanceChargeType,
  renewInstance,
  modifyInstanceAutoRenewAttribute,
  describeInstanceAutoRenewAttribute,
  modifyAccountQuota,
  lookupEvents,
  describeResourceCharges,
  createWebhook,
  describeWebhooks,
  modifyWebhook,
  deleteWebhook,
  testWebhook,
  describeWebhookDeliveries,
  redeliverWebhookEvent,
  rebuildViewsAction,
  createAccount,
  createAccessKey,
  deleteAccessKey,
  putAccessKeyPolicy,
  createApiToken,
  describeSandboxClock,
  advanceSandboxClock,
  runScheduledJobs,
];

/**
 * Actions that the project's issues list but that are not implemented yet:
 * the front door answers them with InvalidApi.NotFound and a message saying
 * so, and the README lists them as missing.
 */
export const PLANNED_ACTIONS: string[] = [
  // Disks, snapshots and automatic snapshot policies
  'CreateDisk', 'AttachDisk', 'DetachDisk', 'ModifyDiskAttribute', 'ResetDisk', 'ReInitDisk', 'ResizeDisk', 'DeleteDisk',
  'DescribeDisks', 'ReplaceSystemDisk', 'CreateSnapshot', 'DeleteSnapshot', 'DescribeSnapshots', 'CreateAutoSnapshotPolicy',
  'ModifyAutoSnapshotPolicyEx', 'ApplyAutoSnapshotPolicy', 'CancelAutoSnapshotPolicy', 'DeleteAutoSnapshotPolicy',
  'DescribeAutoSnapshotPolicyEx',
  // Custom images and tasks
  'CreateImage', 'ModifyImageAttribute', 'DescribeImageFromFamily', 'CopyImage', 'CancelCopyImage',
  'ModifyImageSharePermission', 'DescribeImageSharePermission', 'DeleteImage', 'ImportImage', 'ExportImage', 'DescribeTasks',
  'DescribeTaskAttribute', 'CancelTask', 'DisableImage', 'EnableImage',
  // Security groups, key pairs, IPs and EIPs, tags
  'CreateSecurityGroup', 'DescribeSecurityGroups', 'DescribeSecurityGroupAttribute', 'ModifySecurityGroupAttribute',
  'AuthorizeSecurityGroup', 'AuthorizeSecurityGroupEgress', 'RevokeSecurityGroup', 'RevokeSecurityGroupEgress',
  'JoinSecurityGroup', 'LeaveSecurityGroup', 'DeleteSecurityGroup', 'CreateKeyPair', 'ImportKeyPair', 'DescribeKeyPairs',
  'AttachKeyPair', 'DetachKeyPair', 'DeleteKeyPairs', 'AllocatePublicIpAddress', 'ConvertNatPublicIpToEip',
  'AllocateEipAddress', 'AssociateEipAddress', 'UnassociateEipAddress', 'ReleaseEipAddress', 'DescribeEipAddresses',
  'TagResources', 'UntagResources', 'ListTagResources',
];

const byName = new Map(ACTIONS.map((a) => [a.name, a]));
export const findAction = (name: string): ActionDefinition | undefined => byName.get(name);
export const isPlannedAction = (name: string): boolean => PLANNED_ACTIONS.includes(name);

/** The declaration for a called action name, or the documented error for an unknown or planned one. */
export function resolveAction(name: string): ActionDefinition {
  const def = findAction(name);
  if (def) return def;
  throw isPlannedAction(name) ? Errors.notImplemented(name) : Errors.apiNotFound(name);
}
