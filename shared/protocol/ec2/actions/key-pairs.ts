import { ApiError } from '../../../domain/errors';
import { isKeyPairError, type KeyPairRecord } from '../../../domain/key-pair';
import { createKeyPair as createKeyPairOperation, importKeyPair as importKeyPairOperation } from '../../../actions/key-pairs/create';
import { deleteKeyPairs as deleteKeyPairsOperation } from '../../../actions/key-pairs/delete';
import { describeKeyPairs as describeKeyPairsOperation } from '../../../actions/key-pairs/describe';
import { defineEc2Action, Ec2Errors, type Ec2Call } from '../adapter';
import { applyFilters, tagsFor, type Filter, type Tag } from '../views';

/**
 * Key pairs of the EC2 dialect: the EC2 codec of the key pair operations
 * (shared/actions/key-pairs/create.ts, describe.ts, delete.ts: each operation with its ECS codec), called directly (no ECS wire on the way, typed errors
 * on the way back): CreateKeyPair (an RSA-2048 key, its private key in PEM, returned once),
 * ImportKeyPair, DescribeKeyPairs, DeleteKeyPair.
 */
export const KeyPairErrors = {
  duplicate: (name: string) => new ApiError('InvalidKeyPair.Duplicate', 400, `The keypair '${name}' already exists.`),
  notFound: (name: string) => new ApiError('InvalidKeyPair.NotFound', 400, `The key pair '${name}' does not exist`),
};

/** EC2 writes fingerprints as colon-separated hex pairs. */
const colonHex = (fp: string): string => (/^[0-9a-f]+$/i.test(fp) && fp.length % 2 === 0 ? fp.match(/../g)!.join(':') : fp);

/** The EC2 codes of the key pair errors (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html). */
const mapKeyPairError = (e: ApiError, name: string | undefined): ApiError | undefined => {
  if (!isKeyPairError(e)) return undefined;
  switch (e.reason) {
    case 'nameTaken':
      return KeyPairErrors.duplicate(name ?? '');
    case 'malformedName':
      return Ec2Errors.invalidParameterValue(
        `Value (${name}) for parameter KeyName is invalid. This sandbox takes 2-128 characters starting with a letter: letters, digits, '_', '-', '.' and ':'.`,
      );
    case 'quotaFull':
      return new ApiError('KeyPairLimitExceeded', 400, 'Maximum number of key pairs has been reached.');
    case 'malformedPublicKey':
      return new ApiError('InvalidKeyPair.Format', 400, 'Key is not in valid OpenSSH public key format');
    case 'notFound':
      return KeyPairErrors.notFound(name ?? '');
  }
};

interface Ec2KeyPair {
  KeyPairId: string;
  KeyName: string;
  KeyFingerprint: string;
  KeyType: string;
  CreateTime?: Date;
  PublicKey?: string;
  Tags: Tag[];
}

const ec2Tags = (record: KeyPairRecord): Tag[] => record.tags.map((t) => ({ Key: t.key, Value: t.value }));
/** EC2 TagSpecifications of one resource type as the operations' tag input. */
const tagInput = (tags: { Key: string; Value: string }[]) => tags.map((t) => ({ key: t.Key, value: t.Value }));
const ec2Fingerprint = (record: KeyPairRecord): string => record.ec2Fingerprint ?? colonHex(record.fingerprint);

function ec2KeyPair(record: KeyPairRecord, includePublicKey: boolean | undefined): Ec2KeyPair {
  return {
    KeyPairId: record.keyPairId,
    KeyName: record.keyPairName,
    KeyFingerprint: ec2Fingerprint(record),
    KeyType: record.keyType === 'ssh-ed25519' ? 'ed25519' : 'rsa',
    // To the minute, as the sandbox has always shown it in both dialects.
    CreateTime: new Date(`${new Date(record.creationTime).toISOString().slice(0, 16)}Z`),
    ...(includePublicKey ? { PublicKey: record.publicKey } : {}),
    Tags: ec2Tags(record),
  };
}

async function keyPairsView(call: Ec2Call, opts: { includePublicKey?: boolean; dryRun?: boolean } = {}): Promise<Ec2KeyPair[]> {
  const records = await call.perform(describeKeyPairsOperation, { regionId: call.region }, { dryRun: opts.dryRun });
  return records.map((r) => ec2KeyPair(r, opts.includePublicKey));
}

export const createKeyPair = defineEc2Action<{
  KeyName: string;
  KeyType?: string;
  KeyFormat?: string;
  TagSpecifications?: { ResourceType?: string; Tags?: Tag[] }[];
  DryRun?: boolean;
}>({
  name: 'CreateKeyPair',
  uses: ['CreateKeyPair'],
  handle: async (input, call) => {
    if (input.KeyType !== undefined && input.KeyType !== 'rsa')
      throw Ec2Errors.unsupported(`Key type '${input.KeyType}' is not supported by this sandbox: use rsa.`);
    if (input.KeyFormat !== undefined && input.KeyFormat !== 'pem')
      throw Ec2Errors.unsupported(`Key format '${input.KeyFormat}' is not supported by this sandbox: use pem.`);
    const tags = tagsFor(input.TagSpecifications, 'key-pair');
    const { keyPair, privateKeyPem } = await call.perform(
      createKeyPairOperation,
      { regionId: call.region, name: input.KeyName, nameRule: 'ec2', tags: tagInput(tags) },
      { dryRun: input.DryRun },
    );
    return {
      KeyPairId: keyPair.keyPairId,
      KeyName: keyPair.keyPairName,
      KeyFingerprint: ec2Fingerprint(keyPair),
      // EC2's key material ends with `-----END RSA PRIVATE KEY-----`, no line break after it (so
      // `--query KeyMaterial --output text > my-key-pair.pem` writes exactly one).
      KeyMaterial: privateKeyPem.replace(/\n+$/, ''),
      Tags: tags,
    };
  },
  mapError: (e, input) => mapKeyPairError(e, input.KeyName),
});

export const importKeyPair = defineEc2Action<{
  KeyName: string;
  PublicKeyMaterial: string;
  TagSpecifications?: { ResourceType?: string; Tags?: Tag[] }[];
  DryRun?: boolean;
}>({
  name: 'ImportKeyPair',
  uses: ['ImportKeyPair', 'DescribeKeyPairs'],
  handle: async (input, call) => {
    const tags = tagsFor(input.TagSpecifications, 'key-pair');
    // A blob on the wire: base64 of the OpenSSH public key line.
    const body = Buffer.from(input.PublicKeyMaterial, 'base64').toString('utf8');
    const keyPair = await call.perform(
      importKeyPairOperation,
      {
        regionId: call.region,
        name: input.KeyName,
        nameRule: 'ec2',
        tags: tagInput(tags),
        publicKey: body.startsWith('ssh-') || body.startsWith('ecdsa-') ? body : input.PublicKeyMaterial,
      },
      { dryRun: input.DryRun },
    );
    return { KeyFingerprint: ec2Fingerprint(keyPair), KeyName: keyPair.keyPairName, KeyPairId: keyPair.keyPairId, Tags: tags };
  },
  mapError: (e, input) => mapKeyPairError(e, input.KeyName),
});

export const describeKeyPairs = defineEc2Action<{
  KeyNames?: string[];
  KeyPairIds?: string[];
  Filters?: Filter[];
  IncludePublicKey?: boolean;
  DryRun?: boolean;
}>({
  name: 'DescribeKeyPairs',
  uses: ['DescribeKeyPairs'],
  handle: async (input, call) => {
    let keys = await keyPairsView(call, { includePublicKey: input.IncludePublicKey, dryRun: input.DryRun });
    for (const name of input.KeyNames ?? []) if (!keys.some((k) => k.KeyName === name)) throw KeyPairErrors.notFound(name);
    for (const id of input.KeyPairIds ?? []) if (!keys.some((k) => k.KeyPairId === id)) throw KeyPairErrors.notFound(id);
    if (input.KeyNames?.length) keys = keys.filter((k) => input.KeyNames!.includes(k.KeyName));
    if (input.KeyPairIds?.length) keys = keys.filter((k) => input.KeyPairIds!.includes(k.KeyPairId));
    keys = applyFilters(keys, input.Filters, {
      'key-name': (k) => k.KeyName,
      'key-pair-id': (k) => k.KeyPairId,
      fingerprint: (k) => k.KeyFingerprint,
      'key-type': (k) => k.KeyType,
    });
    return { KeyPairs: keys };
  },
});

export const deleteKeyPair = defineEc2Action<{ KeyName?: string; KeyPairId?: string; DryRun?: boolean }>({
  name: 'DeleteKeyPair',
  uses: ['DeleteKeyPairs', 'DescribeKeyPairs'],
  // The lookup by id or name and the delete in one unit: a concurrent change re-runs both.
  oneUnit: true,
  handle: async (input, call) => {
    if (!input.KeyName && !input.KeyPairId) throw Ec2Errors.missingParameter('KeyName');
    const keys = await keyPairsView(call);
    const found = input.KeyPairId ? keys.find((k) => k.KeyPairId === input.KeyPairId) : keys.find((k) => k.KeyName === input.KeyName);
    // EC2 answers success for a key pair that does not exist (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/Welcome.html).
    if (!found) {
      if (input.DryRun) throw Ec2Errors.dryRun();
      return { Return: true };
    }
    await call.perform(deleteKeyPairsOperation, { regionId: call.region, names: [found.KeyName] }, { dryRun: input.DryRun });
    return { Return: true, KeyPairId: found.KeyPairId };
  },
});
