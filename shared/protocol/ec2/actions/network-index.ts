import type { Ec2Action } from '../adapter';
import { describeAccountAttributes, describeNetworkAcls, describeVpcClassicLink, describeVpcClassicLinkDnsSupport } from './account-acl-dhcp';
import {
  associateRouteTable,
  attachInternetGateway,
  createInternetGateway,
  createRoute,
  createRouteTable,
  deleteInternetGateway,
  deleteRoute,
  deleteRouteTable,
  describeInternetGateways,
  describeRouteTables,
  detachInternetGateway,
  disassociateRouteTable,
  replaceRoute,
} from './route-tables-gateways';
import { associateDhcpOptions, createDhcpOptions, deleteDhcpOptions, describeDhcpOptions } from './dhcp-options';
import { createNatGateway, deleteNatGateway, describeNatGateways } from './nat-gateways';
import {
  attachNetworkInterface,
  createNetworkInterface,
  deleteNetworkInterface,
  describeNetworkInterfaces,
  detachNetworkInterface,
  modifyNetworkInterfaceAttribute,
} from './network-interfaces';

/** The EC2 network actions beyond VPCs and subnets (docs/network.md). */
export const NETWORK_EC2_ACTIONS: Ec2Action[] = [
  createInternetGateway,
  attachInternetGateway,
  detachInternetGateway,
  deleteInternetGateway,
  describeInternetGateways,
  createRouteTable,
  describeRouteTables,
  deleteRouteTable,
  createRoute,
  replaceRoute,
  deleteRoute,
  associateRouteTable,
  disassociateRouteTable,
  describeNetworkAcls,
  describeDhcpOptions,
  createDhcpOptions,
  deleteDhcpOptions,
  associateDhcpOptions,
  describeAccountAttributes,
  describeVpcClassicLink,
  describeVpcClassicLinkDnsSupport,
  createNatGateway,
  describeNatGateways,
  deleteNatGateway,
  createNetworkInterface,
  describeNetworkInterfaces,
  attachNetworkInterface,
  detachNetworkInterface,
  modifyNetworkInterfaceAttribute,
  deleteNetworkInterface,
];
