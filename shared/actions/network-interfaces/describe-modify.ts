import { z } from 'zod';
import { EniErrors } from '../../domain/network-interface';
import { matchesTagFilter, type TagFilter } from '../../domain/tags';
import type { NetworkInterfaceRecord } from '../../domain/network-interface';
import { checkName } from '../../domain/vpc';
import { decodeNextToken, encodeNextToken } from '../../domain/next-token';
import { recordOf } from '../../store/vpcs';
import { defineAction } from '../action';
import { defineOperation } from '../operation';
import { requireRegion } from '../instances/common';
import { commonFields, p } from '../params';
import { tagEntries, toTagFilter } from '../tags/input';
import { allInterfaces, renderInterface, requireInterface, statusOf, typeOf } from './common';
import { checkGroups } from './create-delete';

/**
 * ECS DescribeNetworkInterfaces and ModifyNetworkInterfaceAttribute
 * (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describenetworkinterfaces,
 * …-modifynetworkinterfaceattribute). The listing holds the secondary interfaces and every
 * instance's primary one; it pages by PageNumber/PageSize or, when MaxResults or NextToken is
 * given, by token (the reference prefers the latter).
 */

export interface DescribeInterfacesInput {
  regionId: string;
  ids?: readonly string[];
  instanceId?: string;
  vpcId?: string;
  vSwitchId?: string;
  securityGroupId?: string;
  name?: string;
  primaryIpAddress?: string;
  privateIpAddresses?: readonly string[];
  type?: 'Primary' | 'Secondary';
  status?: string;
  serviceManaged?: boolean;
  resourceGroupId?: string;
  tags?: readonly TagFilter[];
}

/** The region's interfaces (secondary ones and every instance's primary one) that match, in id order. */
export const describeInterfaces = defineOperation<DescribeInterfacesInput, NetworkInterfaceRecord[]>({
  name: 'DescribeNetworkInterfaces',
  run: async (input, ctx) => {
    const regionId = requireRegion(input.regionId);
    const all = await allInterfaces(ctx, regionId, input.instanceId);
    return all
      .filter(
        (e) =>
          (!input.ids?.length || input.ids.includes(e.networkInterfaceId)) &&
          (input.instanceId === undefined || e.instanceId === input.instanceId) &&
          (input.vpcId === undefined || e.vpcId === input.vpcId) &&
          (input.vSwitchId === undefined || e.vSwitchId === input.vSwitchId) &&
          (input.securityGroupId === undefined || e.securityGroupIds.includes(input.securityGroupId)) &&
          (input.name === undefined || e.name === input.name) &&
          (input.primaryIpAddress === undefined || e.privateIp === input.primaryIpAddress) &&
          (!input.privateIpAddresses?.length || input.privateIpAddresses.includes(e.privateIp)) &&
          (input.type === undefined || typeOf(e) === input.type) &&
          (input.status === undefined || statusOf(e) === input.status) &&
          (input.serviceManaged === undefined || input.serviceManaged === false) &&
          (input.resourceGroupId === undefined || input.resourceGroupId === '') &&
          matchesTagFilter(e.tags, [...(input.tags ?? [])]),
      )
      .sort((a, b) => a.networkInterfaceId.localeCompare(b.networkInterfaceId));
  },
});

export const describeNetworkInterfaces = defineAction({
  name: 'DescribeNetworkInterfaces',
  input: z.object({
    ...commonFields,
    RegionId: p.regionId(),
    NetworkInterfaceId: p.list(p.string({ min: 1 }), { max: 100 }).optional(),
    InstanceId: p.string().optional(),
    VpcId: p.string().optional(),
    VSwitchId: p.string().optional(),
    SecurityGroupId: p.string().optional(),
    NetworkInterfaceName: p.string().optional(),
    PrimaryIpAddress: p.string().optional(),
    PrivateIpAddress: p.list(p.string({ min: 1 }), { max: 100 }).optional(),
    Type: p.enum(['Primary', 'Secondary']).optional(),
    Status: p.string().optional(),
    ServiceManaged: p.bool().optional(),
    ResourceGroupId: p.string().optional(),
    Tag: tagEntries(),
    PageNumber: p.int({ min: 1 }).optional(),
    PageSize: p.int({ min: 1, max: 1000 }).optional(),
    MaxResults: p.int({ min: 10, max: 500 }).optional(),
    NextToken: p.string().optional(),
  }),
  handler: async (input, ctx) => {
    const chosen = await describeInterfaces.run(
      {
        regionId: input.RegionId,
        ids: input.NetworkInterfaceId,
        instanceId: input.InstanceId,
        vpcId: input.VpcId,
        vSwitchId: input.VSwitchId,
        securityGroupId: input.SecurityGroupId,
        name: input.NetworkInterfaceName,
        primaryIpAddress: input.PrimaryIpAddress,
        privateIpAddresses: input.PrivateIpAddress,
        type: input.Type,
        status: input.Status,
        serviceManaged: input.ServiceManaged,
        resourceGroupId: input.ResourceGroupId,
        tags: toTagFilter(input.Tag),
      },
      ctx,
    );
    if (input.MaxResults !== undefined || input.NextToken !== undefined) {
      const after = input.NextToken ? decodeNextToken('eni', input.NextToken) : undefined;
      const rest = after === undefined ? chosen : chosen.filter((e) => e.networkInterfaceId > after);
      const size = input.MaxResults ?? 10;
      const page = rest.slice(0, size);
      const next = rest.length > size ? encodeNextToken('eni', page[page.length - 1]!.networkInterfaceId) : '';
      return { TotalCount: chosen.length, NextToken: next, NetworkInterfaceSets: { NetworkInterfaceSet: page.map(renderInterface) } };
    }
    const pageNumber = input.PageNumber ?? 1;
    const pageSize = input.PageSize ?? 10;
    const page = chosen.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
    return {
      TotalCount: chosen.length,
      PageNumber: pageNumber,
      PageSize: pageSize,
      NextToken: '',
      NetworkInterfaceSets: { NetworkInterfaceSet: page.map(renderInterface) },
    };
  },
});

export interface ModifyInterfaceInput {
  regionId: string;
  networkInterfaceId: string;
  name?: string;
  description?: string;
  /** Replaces the groups (1-5 of its VPC); an empty list is InvalidSecurityGroupId.NotFound. */
  securityGroupIds?: readonly string[];
  deleteOnRelease?: boolean;
  sourceDestCheck?: boolean;
}

/** ModifyNetworkInterfaceAttribute as an operation: a secondary interface's name, description, groups and flags. */
export const modifyInterface = defineOperation<ModifyInterfaceInput, void>({
  name: 'ModifyNetworkInterfaceAttribute',
  run: async (input, ctx) => {
    const regionId = requireRegion(input.regionId);
    const { record, stored } = await requireInterface(ctx, regionId, input.networkInterfaceId);
    // The primary interface is the instance's: its groups change with JoinSecurityGroup/LeaveSecurityGroup.
    if (!stored) throw EniErrors.eniType();
    checkName(input.name, 'InvalidNetworkInterfaceName.Malformed', 'The specified NetworkInterfaceName is not valid.');
    checkName(input.description, 'InvalidDescription.Malformed', 'The specified Description is not valid.');
    const groups = input.securityGroupIds?.length ? await checkGroups(ctx, regionId, record.vpcId, [...input.securityGroupIds]) : undefined;
    if (groups === undefined && input.securityGroupIds !== undefined) throw EniErrors.groupNotFound();
    ctx.tx.replace(stored, {
      ...recordOf(stored),
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(groups ? { securityGroupIds: groups } : {}),
      ...(input.deleteOnRelease !== undefined ? { deleteOnRelease: input.deleteOnRelease } : {}),
      ...(input.sourceDestCheck !== undefined ? { sourceDestCheck: input.sourceDestCheck } : {}),
    });
  },
});

export const modifyNetworkInterfaceAttribute = defineAction({
  name: 'ModifyNetworkInterfaceAttribute',
  input: z.object({
    ...commonFields,
    RegionId: p.regionId(),
    NetworkInterfaceId: p.string({ min: 1 }),
    NetworkInterfaceName: p.string().optional(),
    Description: p.string().optional(),
    SecurityGroupId: p.list(p.string({ min: 1 }), { max: 10 }).optional(),
    DeleteOnRelease: p.bool().optional(),
    SourceDestCheck: p.bool().optional(),
  }),
  handler: async (input, ctx) => {
    await modifyInterface.run(
      {
        regionId: input.RegionId,
        networkInterfaceId: input.NetworkInterfaceId,
        name: input.NetworkInterfaceName,
        description: input.Description,
        securityGroupIds: input.SecurityGroupId,
        deleteOnRelease: input.DeleteOnRelease,
        sourceDestCheck: input.SourceDestCheck,
      },
      ctx,
    );
    return {};
  },
});
