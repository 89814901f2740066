import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AccessKey, Account } from '../../shared/domain/account';
import { createAccessKeyItems, createAccountItems, createApiTokenItem, findAccessKey, findAccount } from '../../shared/store/accounts';
import { type StateStore } from '../../shared/store/state-store';
import { DynamoStateStore } from '../../shared/store/dynamo-state-store';
import { Keys } from '../../shared/store/keys';
import { openSecret } from '../../shared/platform/secret-box';

export interface DefaultAccount {
  accountId: string;
  accessKeyId: string;
  accessKeySecret: string;
}

/**
 * The default account and its root key, created at first start and left alone
 * afterwards (a restart on the same data keeps it). The catalogue (regions,
 * zones, instance types, public images) is static code, not table data, so
 * there is nothing else to seed.
 */
export async function seedDefaultAccount(
  client: DynamoDBClient,
  stateTable: string,
  def: DefaultAccount,
): Promise<{ outcome: 'created' | 'kept'; apiToken: string }> {
  const store = new DynamoStateStore(stateTable, DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }));
  const existingKey = await findAccessKey(store, def.accessKeyId);
  if (existingKey) {
    if (existingKey.accountId !== def.accountId || openSecret(existingKey.accessKeySecret, def.accessKeyId) !== def.accessKeySecret) {
      throw new Error(
        `The data folder already has access key ${def.accessKeyId} for account ${existingKey.accountId} with another secret or account; start with the same SANDBOX_DEFAULT_* settings or another data folder.`,
      );
    }
    return { outcome: 'kept', apiToken: await issueToken(store, def.accessKeyId) };
  }
  const now = new Date().toISOString();
  const tx = store.unitOfWork();
  if (!(await findAccount(store, def.accountId))) {
    const account: Account = { accountId: def.accountId, createdAt: now };
    const key: AccessKey = { ...def, createdAt: now };
    createAccountItems(tx, account, key);
  } else {
    createAccessKeyItems(tx, { ...def, createdAt: now });
  }
  await tx.commit();
  return { outcome: 'created', apiToken: await issueToken(store, def.accessKeyId) };
}

/** Where a start remembers its banner token's hash, so the next start can revoke it. */
const BANNER_TOKEN = { pk: 'SANDBOX', sk: 'BANNER_TOKEN' };

/**
 * A fresh bearer token for the default key at every start, so curl users have one in the
 * banner; the previous start's banner token is revoked in the same transaction (README "Security").
 */
async function issueToken(store: StateStore, accessKeyId: string): Promise<string> {
  const previous = await store.get<{ tokenHash: string }>(BANNER_TOKEN);
  const tx = store.unitOfWork();
  if (previous) tx.removeIfPresent(Keys.apiToken(previous.tokenHash));
  const issued = createApiTokenItem(tx, accessKeyId, new Date());
  tx.upsert(BANNER_TOKEN, { tokenHash: issued.tokenHash });
  await tx.commit();
  return issued.token;
}
