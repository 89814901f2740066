import type { ActionDefinition } from '../action';
import { attachNetworkInterface, detachNetworkInterface } from './attach-detach';
import { createNetworkInterface, deleteNetworkInterface } from './create-delete';
import { describeNetworkInterfaces, modifyNetworkInterfaceAttribute } from './describe-modify';
import { assignPrivateIpAddresses, unassignPrivateIpAddresses } from './private-ips';

/** The ECS network interface actions (docs/network.md, "Network interfaces"). */
export const NETWORK_INTERFACE_ACTIONS: ActionDefinition[] = [
  createNetworkInterface,
  attachNetworkInterface,
  detachNetworkInterface,
  deleteNetworkInterface,
  describeNetworkInterfaces,
  modifyNetworkInterfaceAttribute,
  assignPrivateIpAddresses,
  unassignPrivateIpAddresses,
];
