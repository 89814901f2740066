import { createHash } from 'node:crypto';
import { ApiError } from '../../../domain/errors';
import { defineEc2Action, type Ec2Call } from '../adapter';
import { applyFilters, pageOf, type Filter } from '../views';

/**
 * The AWS-managed prefix lists of a region: the address ranges of the services a gateway VPC
 * endpoint reaches, S3 and DynamoDB (`com.amazonaws.<region>.s3`, `…dynamodb`), which security
 * group rules and routes may name. DescribePrefixLists lists them as the gateway endpoint services
 * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribePrefixLists.html);
 * DescribeManagedPrefixLists as managed lists owned by `AWS`
 * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeManagedPrefixLists.html).
 * A catalogue: read-only, the same in every account of a region. The ranges are the sandbox's
 * (documentation blocks, RFC 5737), not AWS's: nothing routes to them here. Customer-managed lists
 * (CreateManagedPrefixList) are not implemented.
 */

const SERVICES = [
  { service: 's3', cidrs: ['192.0.2.0/25', '198.51.100.0/25'] },
  { service: 'dynamodb', cidrs: ['203.0.113.0/25'] },
];

const prefixListId = (region: string, service: string) => `pl-${createHash('sha256').update(`${region}|${service}`).digest('hex').slice(0, 8)}`;

function catalogue(call: Ec2Call) {
  return SERVICES.map((s) => ({
    PrefixListId: prefixListId(call.region, s.service),
    PrefixListName: `com.amazonaws.${call.region}.${s.service}`,
    Cidrs: s.cidrs,
  })).sort((a, b) => (a.PrefixListId < b.PrefixListId ? -1 : 1));
}

const notFound = (id: string) => new ApiError('InvalidPrefixListID.NotFound', 400, `The prefix list ID '${id}' does not exist`);
const malformed = (id: string) => new ApiError('InvalidPrefixListId.Malformed', 400, `Invalid id: "${id}" (expecting "pl-...")`);

function named<T extends { PrefixListId: string }>(all: T[], ids: string[] | undefined): T[] {
  for (const id of ids ?? []) {
    if (!/^pl-[0-9a-f]+$/.test(id)) throw malformed(id);
    if (!all.some((p) => p.PrefixListId === id)) throw notFound(id);
  }
  return ids?.length ? all.filter((p) => ids.includes(p.PrefixListId)) : all;
}

interface ListInput {
  PrefixListIds?: string[];
  Filters?: Filter[];
  MaxResults?: number;
  NextToken?: string;
  DryRun?: boolean;
}

export const describePrefixLists = defineEc2Action<ListInput>({
  name: 'DescribePrefixLists',
  uses: [],
  handle: async (input, call) => {
    const matched = applyFilters(named(catalogue(call), input.PrefixListIds), input.Filters, {
      'prefix-list-id': (p) => p.PrefixListId,
      'prefix-list-name': (p) => p.PrefixListName,
    });
    const { page, nextToken } = pageOf(matched, (p) => p.PrefixListId, 'DescribePrefixLists', input.MaxResults, input.NextToken, { min: 5, max: 1000 });
    return { PrefixLists: page, ...(nextToken ? { NextToken: nextToken } : {}) };
  },
});

export const describeManagedPrefixLists = defineEc2Action<ListInput>({
  name: 'DescribeManagedPrefixLists',
  uses: [],
  handle: async (input, call) => {
    const managed = catalogue(call).map((p) => ({
      PrefixListId: p.PrefixListId,
      AddressFamily: 'IPv4',
      State: 'create-complete',
      PrefixListArn: `arn:aws:ec2:${call.region}:aws:prefix-list/${p.PrefixListId}`,
      PrefixListName: p.PrefixListName,
      MaxEntries: p.Cidrs.length,
      Version: 1,
      Tags: [],
      OwnerId: 'AWS',
    }));
    const matched = applyFilters(named(managed, input.PrefixListIds), input.Filters, {
      'owner-id': (p) => p.OwnerId,
      'prefix-list-id': (p) => p.PrefixListId,
      'prefix-list-name': (p) => p.PrefixListName,
    });
    const { page, nextToken } = pageOf(matched, (p) => p.PrefixListId, 'DescribeManagedPrefixLists', input.MaxResults, input.NextToken, { min: 1, max: 100 });
    return { PrefixLists: page, ...(nextToken ? { NextToken: nextToken } : {}) };
  },
});
