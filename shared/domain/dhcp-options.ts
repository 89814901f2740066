import { createHash } from 'node:crypto';
import { ApiError } from './errors';

/**
 * DHCP option sets, EC2's (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateDhcpOptions.html,
 * https://docs.aws.amazon.com/vpc/latest/userguide/DHCPOptionSetConcepts.html). Each account-region
 * has a derived default set (AmazonProvidedDNS and the region's internal domain) that every new
 * VPC uses; created sets are stored and associated with VPCs; a VPC may also have none (EC2's
 * `default` keyword of AssociateDhcpOptions). Bookkeeping only: no instance reads them. No I/O.
 */

export interface DhcpOptionsRecord {
  dhcpOptionsId: string;
  accountId: string;
  regionId: string;
  configurations: { key: string; values: string[] }[];
  createdAt: string;
  tags: { key: string; value: string }[];
}

/** The default set's id of an account-region (derived, stable). */
export const defaultDhcpOptionsId = (accountId: string, regionId: string): string =>
  `dopt-${createHash('sha256').update(`dopt|${accountId}|${regionId}`).digest('hex').slice(0, 17)}`;

/** What a VPC record holds in `dhcpOptionsId`: the default set, none, or a created set's id. */
export const VPC_DEFAULT_DHCP = 'default';
export const VPC_NO_DHCP = 'none';

/** The options a set may carry and how many values each takes (the API reference's list). */
const OPTIONS: Record<string, { max: number; valid: (v: string) => boolean }> = {
  'domain-name-servers': { max: 4, valid: (v) => v === 'AmazonProvidedDNS' || isIpv4(v) },
  'domain-name': { max: 1, valid: (v) => /^[A-Za-z0-9.-]{1,255}( [A-Za-z0-9.-]{1,255})*$/.test(v) },
  'ntp-servers': { max: 4, valid: isIpv4 },
  'netbios-name-servers': { max: 4, valid: isIpv4 },
  'netbios-node-type': { max: 1, valid: (v) => ['1', '2', '4', '8'].includes(v) },
  'ipv6-address-preferred-lease-time': { max: 1, valid: (v) => /^\d+$/.test(v) && Number(v) >= 140 && Number(v) <= 2147483647 },
};

function isIpv4(v: string): boolean {
  const parts = v.split('.');
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

const invalid = (message: string) => new ApiError('InvalidParameterValue', 400, message);

/**
 * The configurations of CreateDhcpOptions, checked: known keys, each once, with 1 to its maximum
 * of valid values. `domain-name-servers` given as one comma-separated value is split, as AWS does.
 */
export function checkDhcpConfigurations(input: { Key?: string; Value?: string[] }[]): { key: string; values: string[] }[] {
  if (input.length === 0) throw new ApiError('MissingParameter', 400, 'The request must contain the parameter dhcpConfiguration');
  const seen = new Set<string>();
  return input.map((c) => {
    const key = c.Key ?? '';
    const rule = OPTIONS[key];
    if (!rule) throw invalid(`Value (${key}) for parameter name is invalid. Unknown DHCP option`);
    if (seen.has(key)) throw invalid(`Value (${key}) for parameter name is invalid. Duplicate DHCP option`);
    seen.add(key);
    const values = (c.Value ?? [])
      .flatMap((v) => (key.endsWith('-servers') ? v.split(',') : [v]))
      .map((v) => v.trim())
      .filter((v) => v !== '');
    if (values.length === 0 || values.length > rule.max)
      throw invalid(`Value (${values.join(',')}) for parameter value is invalid. ${key} takes 1 to ${rule.max} values`);
    const bad = values.find((v) => !rule.valid(v));
    if (bad !== undefined) throw invalid(`Value (${bad}) for parameter value is invalid. Invalid ${key}`);
    return { key, values };
  });
}

/** The default set's options in a region: AmazonProvidedDNS and the region's internal domain. */
export function defaultDhcpConfigurations(regionId: string): { key: string; values: string[] }[] {
  const domain = regionId === 'us-east-1' ? 'ec2.internal' : `${regionId}.compute.internal`;
  return [
    { key: 'domain-name', values: [domain] },
    { key: 'domain-name-servers', values: ['AmazonProvidedDNS'] },
  ];
}

/** EC2's DhcpOptionsId of a VPC from what its record holds ('default' when it has none, as AWS shows). */
export function dhcpOptionsIdOfVpc(held: string | undefined, accountId: string, regionId: string): string {
  if (!held || held === VPC_DEFAULT_DHCP) return defaultDhcpOptionsId(accountId, regionId);
  return held === VPC_NO_DHCP ? 'default' : held;
}

export const DhcpErrors = {
  notFound: (id: string) => new ApiError('InvalidDhcpOptionID.NotFound', 400, `The dhcpOption ID '${id}' does not exist`),
  inUse: (id: string) => new ApiError('DependencyViolation', 400, `The dhcpOptions '${id}' has dependencies and cannot be deleted.`),
  limit: (limit: number) => new ApiError('DhcpOptionsLimitExceeded', 400, `The maximum number of DHCP option sets (${limit}) has been reached.`),
};
