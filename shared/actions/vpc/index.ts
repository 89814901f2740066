import type { ActionDefinition } from '../action';
import { modifyInstanceEc2Facts } from '../instances/ec2-facts';
import { describeEbsEncryptionDefault, modifyEbsEncryptionDefault } from '../disks/ebs-encryption-default';
import { modifyDiskAutoEnableIO } from '../disks/auto-enable-io';
import { attachInternetGateway, createInternetGateway, deleteInternetGateway, describeInternetGateways, detachInternetGateway } from './internet-gateways';
import {
  associateRouteTable,
  createRouteEntry,
  createRouteTable,
  deleteRouteEntry,
  deleteRouteTable,
  describeRouteEntryList,
  describeRouteTables,
  modifyRouteEntry,
  unassociateRouteTable,
} from './route-tables';
import { createEgressOnlyInternetGateway, deleteEgressOnlyInternetGateway, describeEgressOnlyInternetGateways } from './egress-only-gateways';
import {
  createNetworkAcl,
  createNetworkAclEntry,
  deleteNetworkAcl,
  deleteNetworkAclEntry,
  replaceNetworkAclAssociation,
  replaceNetworkAclEntry,
} from './network-acls';
import { associateDhcpOptions, createDhcpOptions, deleteDhcpOptions, describeDhcpOptionSets } from './dhcp-options';
import { createNatGatewayAction, deleteNatGatewayAction, describeNatGatewaysAction } from './nat-gateways';
import { createVpc, deleteVpc, describeVpcs, modifyVpcAttribute } from './vpcs';
import { createVSwitch, deleteVSwitch, describeVSwitches, modifyVSwitchAttribute } from './vswitches';

/**
 * The actions of Alibaba Cloud's VPC API (2016-04-28) the sandbox serves on the same endpoint as
 * ECS (docs/network.md). ECS 2014-05-26 also answers them (it still carries the deprecated
 * CreateVpc, DescribeVpcs, … of the same shape).
 */
export const VPC_ACTIONS: ActionDefinition[] = [
  createVpc,
  describeVpcs,
  modifyVpcAttribute,
  deleteVpc,
  createVSwitch,
  describeVSwitches,
  modifyVSwitchAttribute,
  deleteVSwitch,
  describeRouteTables,
  createRouteEntry,
  deleteRouteEntry,
  describeRouteEntryList,
  modifyRouteEntry,
  createRouteTable,
  deleteRouteTable,
  associateRouteTable,
  unassociateRouteTable,
  createNatGatewayAction,
  describeNatGatewaysAction,
  deleteNatGatewayAction,
];

export const VPC_ACTION_NAMES = new Set(VPC_ACTIONS.map((a) => a.name));

/**
 * Declarations only the EC2 adapters reach (no ECS or VPC API has them): the detachable internet
 * gateway, EC2's DHCP option sets, the EC2-only instance facts (monitoring, stop protection), EBS encryption by
 * default. Not on the RPC door, not on /api/.
 */
export const EC2_ONLY_ACTIONS: ActionDefinition[] = [
  modifyInstanceEc2Facts,
  describeEbsEncryptionDefault,
  modifyEbsEncryptionDefault,
  modifyDiskAutoEnableIO,
  createInternetGateway,
  attachInternetGateway,
  detachInternetGateway,
  deleteInternetGateway,
  describeInternetGateways,
  createDhcpOptions,
  describeDhcpOptionSets,
  deleteDhcpOptions,
  associateDhcpOptions,
  createEgressOnlyInternetGateway,
  deleteEgressOnlyInternetGateway,
  describeEgressOnlyInternetGateways,
  createNetworkAcl,
  deleteNetworkAcl,
  createNetworkAclEntry,
  replaceNetworkAclEntry,
  deleteNetworkAclEntry,
  replaceNetworkAclAssociation,
];
