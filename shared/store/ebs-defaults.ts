import type { Key, StateStore } from './state-store';

/**
 * The EC2 dialect's per-region EBS setting of an account: encryption by default
 * (https://docs.aws.amazon.com/ebs/latest/userguide/encryption-by-default.html). One item per
 * account and region, written only by the account's own Enable/DisableEbsEncryptionByDefault.
 */
export const ebsDefaultsKey = (accountId: string, regionId: string): Key => ({ pk: `ACCOUNT#${accountId}`, sk: `EBSDEFAULTS#${regionId}` });

export interface EbsDefaultsRecord {
  encryptionByDefault: boolean;
}

/** Whether new volumes of the account in the region are encrypted whatever the call asks (off until enabled). */
export async function ebsEncryptionByDefault(store: StateStore, accountId: string, regionId: string): Promise<boolean> {
  return Boolean((await store.get<EbsDefaultsRecord>(ebsDefaultsKey(accountId, regionId)))?.encryptionByDefault);
}
