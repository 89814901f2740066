import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AccessKey, Account } from '../../shared/domain/account';
import { createAccessKeyItems, createAccountItems, findAccessKey, findAccount } from '../../shared/store/accounts';
import { StateStore } from '../../shared/store/state-store';

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
export async function seedDefaultAccount(client: DynamoDBClient, stateTable: string, def: DefaultAccount): Promise<'created' | 'kept'> {
  const store = new StateStore(stateTable, DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }));
  const existingKey = await findAccessKey(store, def.accessKeyId);
  if (existingKey) {
    if (existingKey.accountId !== def.accountId || existingKey.accessKeySecret !== def.accessKeySecret) {
      throw new Error(
        `The data folder already has access key ${def.accessKeyId} for account ${existingKey.accountId} with another secret or account; start with the same SANDBOX_DEFAULT_* settings or another data folder.`,
      );
    }
    return 'kept';
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
  return 'created';
}
