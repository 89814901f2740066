import { z } from 'zod';
import { Errors } from '../../domain/errors';
import { EniErrors } from '../../domain/network-interface';
import { matchesTagFilter } from '../../domain/tags';
import { checkName } from '../../domain/vpc';
import { decodeNextToken, encodeNextToken } from '../../domain/next-token';
import { recordOf } from '../../store/vpcs';
import { defineAction } from '../action';
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
    const regionId = requireRegion(input.RegionId);
    const tagFilter = toTagFilter(input.Tag);
    const all = await allInterfaces(ctx, regionId, input.InstanceId);
    const chosen = all
      .filter(
        (e) =>
          (!input.NetworkInterfaceId?.length || input.NetworkInterfaceId.includes(e.networkInterfaceId)) &&
          (input.InstanceId === undefined || e.instanceId === input.InstanceId) &&
          (input.VpcId === undefined || e.vpcId === input.VpcId) &&
          (input.VSwitchId === undefined || e.vSwitchId === input.VSwitchId) &&
          (input.SecurityGroupId === undefined || e.securityGroupIds.includes(input.SecurityGroupId)) &&
          (input.NetworkInterfaceName === undefined || e.name === input.NetworkInterfaceName) &&
          (input.PrimaryIpAddress === undefined || e.privateIp === input.PrimaryIpAddress) &&
          (!input.PrivateIpAddress?.length || input.PrivateIpAddress.includes(e.privateIp)) &&
          (input.Type === undefined || typeOf(e) === input.Type) &&
          (input.Status === undefined || statusOf(e) === input.Status) &&
          (input.ServiceManaged === undefined || input.ServiceManaged === false) &&
          (input.ResourceGroupId === undefined || input.ResourceGroupId === '') &&
          matchesTagFilter(e.tags, tagFilter),
      )
      .sort((a, b) => a.networkInterfaceId.localeCompare(b.networkInterfaceId));
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
    const regionId = requireRegion(input.RegionId);
    const { record, stored } = await requireInterface(ctx, regionId, input.NetworkInterfaceId);
    // The primary interface is the instance's: its groups change with JoinSecurityGroup/LeaveSecurityGroup.
    if (!stored) throw Errors.invalid('InvalidOperation.InvalidEniType', 'The operation is not allowed in the current ENI type: change the instance instead.');
    checkName(input.NetworkInterfaceName, 'InvalidNetworkInterfaceName.Malformed', 'The specified NetworkInterfaceName is not valid.');
    checkName(input.Description, 'InvalidDescription.Malformed', 'The specified Description is not valid.');
    const groups = input.SecurityGroupId?.length ? await checkGroups(ctx, regionId, record.vpcId, input.SecurityGroupId) : undefined;
    if (groups === undefined && input.SecurityGroupId !== undefined) throw EniErrors.groupNotFound();
    ctx.tx.replace(stored, {
      ...recordOf(stored),
      ...(input.NetworkInterfaceName !== undefined ? { name: input.NetworkInterfaceName } : {}),
      ...(input.Description !== undefined ? { description: input.Description } : {}),
      ...(groups ? { securityGroupIds: groups } : {}),
      ...(input.DeleteOnRelease !== undefined ? { deleteOnRelease: input.DeleteOnRelease } : {}),
      ...(input.SourceDestCheck !== undefined ? { sourceDestCheck: input.SourceDestCheck } : {}),
    });
    return {};
  },
});
