import type { Key } from './state-store';

/**
 * Key design of the state table, in one place. Resources of an account live in
 * one partition per account, region and resource type, so listing is one Query
 * and a lookup by id is one GetItem (every request names its account and region).
 */
export const Keys = {
  clock: (): Key => ({ pk: 'SANDBOX', sk: 'CLOCK' }),
  account: (accountId: string): Key => ({ pk: `ACCOUNT#${accountId}`, sk: 'ACCOUNT' }),
  /** Counters and quota overrides of an account live beside it. */
  accountQuota: (accountId: string, quotaName: string): Key => ({ pk: `ACCOUNT#${accountId}`, sk: `QUOTA#${quotaName}` }),
  accountUsage: (accountId: string, quotaName: string): Key => ({ pk: `ACCOUNT#${accountId}`, sk: `USAGE#${quotaName}` }),
  accessKey: (accessKeyId: string): Key => ({ pk: `ACCESSKEY#${accessKeyId}`, sk: 'ACCESSKEY' }),
  /** The access keys of an account, for listing and deleting with the account. */
  accountAccessKey: (accountId: string, accessKeyId: string): Key => ({
    pk: `ACCOUNT#${accountId}`,
    sk: `ACCESSKEY#${accessKeyId}`,
  }),
  apiToken: (tokenHash: string): Key => ({ pk: `APITOKEN#${tokenHash}`, sk: 'APITOKEN' }),
  nonce: (accessKeyId: string, nonce: string): Key => ({ pk: `NONCE#${accessKeyId}#${nonce}`, sk: 'NONCE' }),
  clientToken: (accountId: string, action: string, token: string): Key => ({
    pk: `CLIENTTOKEN#${accountId}#${action}#${token}`,
    sk: 'CLIENTTOKEN',
  }),
  /** Partition holding every resource of one type of an account in a region. */
  resourcePartition: (accountId: string, regionId: string, type: string): string => `RES#${accountId}#${regionId}#${type}`,
  resource: (accountId: string, regionId: string, type: string, id: string): Key => ({
    pk: `RES#${accountId}#${regionId}#${type}`,
    sk: id,
  }),
  /** A timer: one per pending job of a resource, found by the byDue index. */
  timer: (kind: string, resourceId: string): Key => ({ pk: `TIMER#${resourceId}`, sk: kind }),
};
