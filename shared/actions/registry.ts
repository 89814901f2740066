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
import { revokeApiToken } from './operator/api-tokens';
import { describeInstanceTypes } from './catalogue/instance-types';
import { describeRegions, describeZones } from './catalogue/regions-zones';
import { describeAccountAttributes, describeAvailableResource } from './catalogue/discovery';
import { describeImages } from './images/describe-images';
import { createImage } from './images/create-image';
import { modifyImageAttribute } from './images/modify-image-attribute';
import { describeImageFromFamily } from './images/describe-image-from-family';
import { describeImageSupportInstanceTypes } from './images/describe-image-support-instance-types';
import { cancelCopyImage, copyImage } from './images/copy-image';
import { describeImageSharePermission, modifyImageSharePermission } from './images/share-image';
import { deleteImage } from './images/delete-image';
import { exportImage, importImage } from './images/import-export';
import { disableImageAction, enableImageAction } from './images/disable-enable';
import { cancelTaskAction, describeTaskAttribute, describeTasks } from './tasks/tasks';
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
import { describeUserData } from './instances/user-data';
import { modifyInstanceMetadataOptions } from './instances/metadata-options';
import { describeResourcesModification, modifyInstanceSpec, modifyPrepayInstanceSpec } from './instances/spec';
import { attachInstanceRamRole, describeInstanceRamRole, detachInstanceRamRole } from './instances/ram-roles';
import { modifyAccountQuota } from './operator/quotas';
import { lockInstanceForSecurity, modifyAccountOverdue } from './operator/levers';
import { describeResourceCharges } from './billing/describe-resource-charges';
import { describePrice, describeRenewalPrice } from './billing/prices';
import { lookupEvents } from './events/lookup-events';
import { rebuildViewsAction } from './operator/rebuild-views';
import { describeWebhookDeliveries, redeliverWebhookEvent, testWebhook } from './webhooks/deliveries';
import { createWebhook, deleteWebhook, describeWebhooks, modifyWebhook } from './webhooks/manage';
import { attachKeyPair, detachKeyPair } from './key-pairs/attach';
import { createKeyPair, importKeyPair } from './key-pairs/create';
import { deleteKeyPairs } from './key-pairs/delete';
import { describeKeyPairs } from './key-pairs/describe';
import {
  allocateEipAddress,
  associateEipAddress,
  describeEipAddresses,
  releaseEipAddress,
  unassociateEipAddress,
} from './network/eips';
import { allocatePublicIpAddress, convertNatPublicIpToEip } from './network/public-ip';
import { createSecurityGroup } from './security-groups/create';
import { deleteSecurityGroup } from './security-groups/delete';
import { describeSecurityGroupAttribute, describeSecurityGroups } from './security-groups/describe';
import { joinSecurityGroup, leaveSecurityGroup } from './security-groups/join-leave';
import { modifySecurityGroupAttribute } from './security-groups/modify';
import { describeSecurityGroupReferences, modifySecurityGroupPolicy } from './security-groups/policy-references';
import {
  authorizeSecurityGroup,
  authorizeSecurityGroupEgress,
  revokeSecurityGroup,
  revokeSecurityGroupEgress,
} from './security-groups/rules';
import { modifySecurityGroupEgressRule, modifySecurityGroupRule } from './security-groups/modify-rules';
import { listTagResources } from './tags/list-tag-resources';
import { describeTags } from './tags/describe-tags';
import { tagResources, untagResources } from './tags/tag-resources';
import { attachDisk, detachDisk } from './disks/attach-detach';
import { createDisk } from './disks/create-disk';
import { deleteDisk } from './disks/delete-disk';
import { describeDisks } from './disks/describe-disks';
import { modifyDiskAttribute } from './disks/modify-disk-attribute';
import { replaceSystemDisk } from './disks/replace-system-disk';
import { reInitDisk, resetDisk } from './disks/reset-reinit';
import { resizeDisk } from './disks/resize-disk';
import { modifyDiskChargeType } from './disks/modify-disk-charge-type';
import { modifyDiskSpecAction } from './disks/modify-disk-spec';
import { modifyInstanceNetworkSpec } from './instances/network-spec';
import { describeInstanceVncUrl, modifyInstanceVncPasswd } from './instances/vnc';
import { describeDiskMonitorData, describeInstanceMonitorData } from './monitoring/monitor-data';
import { copySnapshot } from './snapshots/copy-snapshot';
import { applyAutoSnapshotPolicy, cancelAutoSnapshotPolicy } from './snapshots/apply-cancel-policy';
import {
  createAutoSnapshotPolicy,
  deleteAutoSnapshotPolicy,
  describeAutoSnapshotPolicyEx,
  modifyAutoSnapshotPolicyEx,
} from './snapshots/auto-snapshot-policies';
import { createSnapshot } from './snapshots/create-snapshot';
import { createSnapshotGroup } from './snapshots/create-snapshot-group';
import { deleteSnapshot } from './snapshots/delete-snapshot';
import { describeSnapshots } from './snapshots/describe-snapshots';
import { modifySnapshotAttribute } from './snapshots/modify-snapshot-attribute';
import { EC2_ONLY_ACTIONS, VPC_ACTION_NAMES, VPC_ACTIONS } from './vpc';
import { NETWORK_INTERFACE_ACTIONS } from './network-interfaces';
import { DEPLOYMENT_SET_ACTIONS } from './deployment-sets';
import { createLaunchTemplate, createLaunchTemplateVersion } from './launch-templates/create';
import { describeLaunchTemplates, describeLaunchTemplateVersions } from './launch-templates/describe';
import { deleteLaunchTemplate, deleteLaunchTemplateVersion, modifyLaunchTemplateDefaultVersion } from './launch-templates/modify-delete';

/**
 * The list of implemented actions, declared once. serverless.yml (one Lambda
 * per action), the front doors and the README's action list are checked
 * against it by tests/unit/action-list.test.ts.
 */
export const ACTIONS: ActionDefinition[] = [
  describeRegions,
  describeZones,
  describeInstanceTypes,
  describeAvailableResource,
  describeAccountAttributes,
  describeImages,
  createImage,
  modifyImageAttribute,
  describeImageFromFamily,
  describeImageSupportInstanceTypes,
  copyImage,
  cancelCopyImage,
  modifyImageSharePermission,
  describeImageSharePermission,
  deleteImage,
  importImage,
  exportImage,
  disableImageAction,
  enableImageAction,
  describeTasks,
  describeTaskAttribute,
  cancelTaskAction,
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
  describeUserData,
  modifyInstanceMetadataOptions,
  modifyInstanceSpec,
  modifyPrepayInstanceSpec,
  describeResourcesModification,
  modifyInstanceNetworkSpec,
  describeInstanceMonitorData,
  describeInstanceVncUrl,
  modifyInstanceVncPasswd,
  attachInstanceRamRole,
  detachInstanceRamRole,
  describeInstanceRamRole,
  modifyAccountQuota,
  lockInstanceForSecurity,
  modifyAccountOverdue,
  createSecurityGroup,
  describeSecurityGroups,
  describeSecurityGroupAttribute,
  modifySecurityGroupAttribute,
  modifySecurityGroupPolicy,
  describeSecurityGroupReferences,
  authorizeSecurityGroup,
  authorizeSecurityGroupEgress,
  revokeSecurityGroup,
  revokeSecurityGroupEgress,
  modifySecurityGroupRule,
  modifySecurityGroupEgressRule,
  joinSecurityGroup,
  leaveSecurityGroup,
  deleteSecurityGroup,
  createKeyPair,
  importKeyPair,
  describeKeyPairs,
  attachKeyPair,
  detachKeyPair,
  deleteKeyPairs,
  allocatePublicIpAddress,
  convertNatPublicIpToEip,
  allocateEipAddress,
  associateEipAddress,
  unassociateEipAddress,
  releaseEipAddress,
  describeEipAddresses,
  tagResources,
  untagResources,
  listTagResources,
  describeTags,
  createDisk,
  attachDisk,
  detachDisk,
  modifyDiskAttribute,
  resetDisk,
  reInitDisk,
  resizeDisk,
  modifyDiskChargeType,
  modifyDiskSpecAction,
  describeDiskMonitorData,
  deleteDisk,
  describeDisks,
  replaceSystemDisk,
  createSnapshot,
  createSnapshotGroup,
  copySnapshot,
  deleteSnapshot,
  describeSnapshots,
  modifySnapshotAttribute,
  createAutoSnapshotPolicy,
  modifyAutoSnapshotPolicyEx,
  applyAutoSnapshotPolicy,
  cancelAutoSnapshotPolicy,
  deleteAutoSnapshotPolicy,
  describeAutoSnapshotPolicyEx,
  lookupEvents,
  describeResourceCharges,
  describePrice,
  describeRenewalPrice,
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
  revokeApiToken,
  describeSandboxClock,
  advanceSandboxClock,
  runScheduledJobs,
  ...NETWORK_INTERFACE_ACTIONS,
  ...DEPLOYMENT_SET_ACTIONS,
  createLaunchTemplate,
  createLaunchTemplateVersion,
  describeLaunchTemplates,
  describeLaunchTemplateVersions,
  modifyLaunchTemplateDefaultVersion,
  deleteLaunchTemplate,
  deleteLaunchTemplateVersion,
  ...VPC_ACTIONS,
];

/**
 * Actions that the project's issues list but that are not implemented yet:
 * the front door answers them with InvalidApi.NotFound and a message saying
 * so, and the README lists them as missing.
 */
export const PLANNED_ACTIONS: string[] = [
];

const byName = new Map(ACTIONS.map((a) => [a.name, a]));
const ec2OnlyByName = new Map(EC2_ONLY_ACTIONS.map((a) => [a.name, a]));
/** A declaration by name, for the EC2 adapters too (which also reach the EC2-only ones). */
export const findAction = (name: string): ActionDefinition | undefined => byName.get(name) ?? ec2OnlyByName.get(name);
export const isPlannedAction = (name: string): boolean => PLANNED_ACTIONS.includes(name);

/** A VPC API (2016-04-28) call: only that API's actions. */
export function resolveVpcAction(name: string): ActionDefinition {
  if (!VPC_ACTION_NAMES.has(name)) throw Errors.apiNotFound(name);
  return byName.get(name)!;
}

/** The declaration for a called action name, or the documented error for an unknown or planned one. */
export function resolveAction(name: string): ActionDefinition {
  const def = byName.get(name);
  if (def) return def;
  throw isPlannedAction(name) ? Errors.notImplemented(name) : Errors.apiNotFound(name);
}
