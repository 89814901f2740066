import type { Ec2Action } from '../adapter';
import { runInstances } from './run-instances';
import { describeInstances } from './describe-instances';
import { rebootInstances, startInstances, stopInstances, terminateInstances } from './instance-power';
import { describeInstanceAttribute, modifyInstanceAttribute } from './instance-attributes';
import { modifyInstanceMetadataOptions, monitorInstances, unmonitorInstances } from './instance-options';
import {
  copyImage,
  createImage,
  deregisterImage,
  describeImages,
  disableImage,
  disableImageDeprecation,
  enableImage,
  enableImageDeprecation,
} from './images';
import { describeImageAttribute, modifyImageAttribute, resetImageAttribute } from './image-attributes';
import { disableEbsEncryptionByDefault, enableEbsEncryptionByDefault, getEbsDefaultKmsKeyId, getEbsEncryptionByDefault } from './ebs-encryption';
import { describeSnapshotAttribute, modifySnapshotAttribute, resetSnapshotAttribute } from './snapshot-attributes';
import { createKeyPair, deleteKeyPair, describeKeyPairs, importKeyPair } from './key-pairs';
import { describeAvailabilityZones, describeRegions } from './regions-network';
import {
  createDefaultSubnet,
  createDefaultVpc,
  createSubnet,
  createVpc,
  deleteSubnet,
  deleteVpc,
  describeSubnets,
  describeVpcAttribute,
  describeVpcs,
  modifySubnetAttribute,
  modifyVpcAttribute,
} from './vpcs-subnets';
import { NETWORK_EC2_ACTIONS } from './network-index';
import {
  authorizeSecurityGroupIngress,
  createSecurityGroup,
  deleteSecurityGroup,
  describeSecurityGroups,
  revokeSecurityGroupIngress,
} from './security-groups';
import { copySnapshot, createSnapshot, deleteSnapshot, describeSnapshots, describeVolumes } from './volumes-snapshots';
import { describeInstanceCreditSpecifications, describeInstanceStatus, getConsoleOutput } from './instance-status';
import { describeInstanceTypeOfferings, describeInstanceTypes } from './instance-types';
import { createTags, deleteTags, describeTags } from './tags';
import { allocateAddress, associateAddress, describeAddresses, describeAddressesAttribute, disassociateAddress, releaseAddress } from './addresses';
import { LAUNCH_TEMPLATE_EC2_ACTIONS } from './launch-templates';
import { authorizeSecurityGroupEgress, revokeSecurityGroupEgress } from './security-group-egress';
import {
  describeSecurityGroupReferences,
  describeSecurityGroupRules,
  getSecurityGroupsForVpc,
  modifySecurityGroupRules,
  updateSecurityGroupRuleDescriptionsEgress,
  updateSecurityGroupRuleDescriptionsIngress,
} from './security-group-rules';
import {
  assignPrivateIpAddresses,
  describeNetworkInterfaceAttribute,
  resetNetworkInterfaceAttribute,
  unassignPrivateIpAddresses,
} from './network-interface-addresses';
import {
  associateIamInstanceProfile,
  describeIamInstanceProfileAssociations,
  disassociateIamInstanceProfile,
  replaceIamInstanceProfileAssociation,
} from './instance-profiles';
import { enableVolumeIO, modifyInstanceCreditSpecification, resetInstanceAttribute } from './instance-resets';
import { createEgressOnlyInternetGateway, deleteEgressOnlyInternetGateway, describeEgressOnlyInternetGateways } from './egress-only-gateways';
import { describeManagedPrefixLists, describePrefixLists } from './prefix-lists';
import { createPlacementGroup, deletePlacementGroup, describePlacementGroups, modifyInstancePlacement } from './placement-groups';
import {
  createNetworkAcl,
  createNetworkAclEntry,
  deleteNetworkAcl,
  deleteNetworkAclEntry,
  replaceNetworkAclAssociation,
  replaceNetworkAclEntry,
} from './network-acls';
import { registerImage } from './register-image';
import { createSnapshots } from './create-snapshots';
import { describeVolumesModifications } from './volumes-modifications';
import { attachVolume, createVolume, deleteVolume, describeVolumeAttribute, describeVolumeStatus, detachVolume, modifyVolume, modifyVolumeAttribute } from './volumes';

/**
 * The EC2 actions of the dialect: each an adapter over ECS action declarations (adapter.ts).
 * An EC2 operation of the model that is not here, or whose ECS actions are not registered yet,
 * answers InvalidAction saying the sandbox does not implement it yet.
 */
export const EC2_ACTIONS: Ec2Action[] = [
  describeRegions,
  describeAvailabilityZones,
  describeVpcs,
  describeSubnets,
  createVpc,
  createDefaultVpc,
  deleteVpc,
  modifyVpcAttribute,
  describeVpcAttribute,
  createSubnet,
  createDefaultSubnet,
  deleteSubnet,
  modifySubnetAttribute,
  ...NETWORK_EC2_ACTIONS,
  runInstances,
  describeInstances,
  startInstances,
  stopInstances,
  rebootInstances,
  terminateInstances,
  modifyInstanceAttribute,
  describeInstanceAttribute,
  createImage,
  describeImages,
  disableImage,
  enableImage,
  enableImageDeprecation,
  disableImageDeprecation,
  deregisterImage,
  copyImage,
  modifyImageAttribute,
  describeImageAttribute,
  createSecurityGroup,
  describeSecurityGroups,
  authorizeSecurityGroupIngress,
  revokeSecurityGroupIngress,
  deleteSecurityGroup,
  createKeyPair,
  importKeyPair,
  describeKeyPairs,
  deleteKeyPair,
  describeVolumes,
  createSnapshot,
  copySnapshot,
  describeSnapshots,
  deleteSnapshot,
  // issue 15: the EC2 surface everyday tools call
  describeInstanceStatus,
  getConsoleOutput,
  describeInstanceCreditSpecifications,
  createTags,
  deleteTags,
  describeTags,
  describeInstanceTypes,
  describeInstanceTypeOfferings,
  createVolume,
  attachVolume,
  detachVolume,
  deleteVolume,
  modifyVolume,
  describeVolumeStatus,
  describeVolumeAttribute,
  allocateAddress,
  associateAddress,
  disassociateAddress,
  releaseAddress,
  describeAddresses,
  describeAddressesAttribute,
  monitorInstances,
  unmonitorInstances,
  modifyInstanceMetadataOptions,
  resetImageAttribute,
  getEbsEncryptionByDefault,
  enableEbsEncryptionByDefault,
  disableEbsEncryptionByDefault,
  getEbsDefaultKmsKeyId,
  describeSnapshotAttribute,
  modifySnapshotAttribute,
  resetSnapshotAttribute,
  modifyVolumeAttribute,
  ...LAUNCH_TEMPLATE_EC2_ACTIONS,
  // issue 15, the breadth half
  authorizeSecurityGroupEgress,
  revokeSecurityGroupEgress,
  describeSecurityGroupRules,
  modifySecurityGroupRules,
  updateSecurityGroupRuleDescriptionsIngress,
  updateSecurityGroupRuleDescriptionsEgress,
  getSecurityGroupsForVpc,
  describeSecurityGroupReferences,
  assignPrivateIpAddresses,
  unassignPrivateIpAddresses,
  describeNetworkInterfaceAttribute,
  resetNetworkInterfaceAttribute,
  associateIamInstanceProfile,
  disassociateIamInstanceProfile,
  replaceIamInstanceProfileAssociation,
  describeIamInstanceProfileAssociations,
  resetInstanceAttribute,
  modifyInstanceCreditSpecification,
  enableVolumeIO,
  createEgressOnlyInternetGateway,
  deleteEgressOnlyInternetGateway,
  describeEgressOnlyInternetGateways,
  describePrefixLists,
  describeManagedPrefixLists,
  createPlacementGroup,
  deletePlacementGroup,
  describePlacementGroups,
  modifyInstancePlacement,
  createNetworkAcl,
  deleteNetworkAcl,
  createNetworkAclEntry,
  replaceNetworkAclEntry,
  deleteNetworkAclEntry,
  replaceNetworkAclAssociation,
  registerImage,
  createSnapshots,
  describeVolumesModifications,
];

/** EC2 actions any valid key may call (the catalogue), like the ECS catalogue actions. */
export const EC2_ANY_KEY_ACTIONS = new Set(['DescribeRegions', 'DescribeAvailabilityZones', 'DescribeInstanceTypes', 'DescribeInstanceTypeOfferings']);
