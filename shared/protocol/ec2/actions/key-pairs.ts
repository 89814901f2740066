import { ApiError } from '../../../domain/errors';
import { loadKeyPairs } from '../../../store/key-pairs';
import { defineEc2Action, Ec2Errors, type Ec2Call } from '../adapter';
import { applyFilters, ec2Tags, ecsTime, tagsFor, type Filter, type Tag } from '../views';

/**
 * Key pairs of the EC2 dialect over the ECS key pair actions: CreateKeyPair (an RSA-2048 key,
 * its private key in PEM, returned once), ImportKeyPair, DescribeKeyPairs, DeleteKeyPair
 * (→ DeleteKeyPairs). The key pair id is not in the ECS answer: it is read from the record.
 */
export const KeyPairErrors = {
  duplicate: (name: string) => new ApiError('InvalidKeyPair.Duplicate', 400, `The keypair '${name}' already exists.`),
  notFound: (name: string) => new ApiError('InvalidKeyPair.NotFound', 400, `The key pair '${name}' does not exist`),
};

/** EC2 writes fingerprints as colon-separated hex pairs. */
const colonHex = (fp: string): string => (/^[0-9a-f]+$/i.test(fp) && fp.length % 2 === 0 ? fp.match(/../g)!.join(':') : fp);

const mapCommon = (e: ApiError, name: string | undefined): ApiError | undefined => {
  if (e.code === 'KeyPair.AlreadyExist') return KeyPairErrors.duplicate(name ?? '');
  if (e.code === 'InvalidKeyPairName.Malformed') {
    return Ec2Errors.invalidParameterValue(
      `Value (${name}) for parameter KeyName is invalid. This sandbox takes 2-128 characters starting with a letter: letters, digits, '_', '-', '.' and ':'.`,
    );
  }
  if (e.code === 'QuotaExceed.KeyPair') return new ApiError('KeyPairLimitExceeded', 400, 'Maximum number of key pairs has been reached.');
  if (e.code === 'InvalidPublicKeyBody.Malformed') return new ApiError('InvalidKeyPair.Format', 400, 'Key is not in valid OpenSSH public key format');
  return undefined;
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

async function keyPairsView(call: Ec2Call, opts: { includePublicKey?: boolean; dryRun?: boolean } = {}): Promise<Ec2KeyPair[]> {
  if (opts.dryRun) await call.ecs('DescribeKeyPairs', { RegionId: call.region, DryRun: true });
  const listed = await call.ecsPages(
    'DescribeKeyPairs',
    { RegionId: call.region, IncludePublicKey: opts.includePublicKey },
    (out) => out.KeyPairs.KeyPair,
    50,
  );
  // The ids (`KeyPairId`) are on the records, not in the ECS answer.
  const records = await loadKeyPairs(call.store, call.accountId, call.region, listed.map((k: any) => k.KeyPairName));
  return listed.map((k: any) => ({
    KeyPairId: records.get(k.KeyPairName)?.keyPairId ?? '',
    KeyName: k.KeyPairName,
    KeyFingerprint: records.get(k.KeyPairName)?.ec2Fingerprint ?? colonHex(k.KeyPairFingerPrint),
    KeyType: records.get(k.KeyPairName)?.keyType === 'ssh-ed25519' ? 'ed25519' : 'rsa',
    CreateTime: ecsTime(k.CreationTime),
    ...(opts.includePublicKey && k.PublicKey ? { PublicKey: k.PublicKey } : {}),
    Tags: ec2Tags(k.Tags),
  }));
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
    if (input.KeyType !== undefined && input.KeyType !== 'rsa') throw Ec2Errors.unsupported(`Key type '${input.KeyType}' is not supported by this sandbox: use rsa.`);
    if (input.KeyFormat !== undefined && input.KeyFormat !== 'pem') throw Ec2Errors.unsupported(`Key format '${input.KeyFormat}' is not supported by this sandbox: use pem.`);
    const tags = tagsFor(input.TagSpecifications, 'key-pair');
    const out = await call.ecs('CreateKeyPair', { RegionId: call.region, KeyPairName: input.KeyName, Tag: tags, DryRun: input.DryRun });
    const records = await loadKeyPairs(call.store, call.accountId, call.region, [out.KeyPairName]);
    return {
      KeyPairId: out.KeyPairId,
      KeyName: out.KeyPairName,
      KeyFingerprint: records.get(out.KeyPairName)?.ec2Fingerprint ?? colonHex(out.KeyPairFingerPrint),
      // EC2's key material ends with `-----END RSA PRIVATE KEY-----`, no line break after it (so
      // `--query KeyMaterial --output text > my-key-pair.pem` writes exactly one).
      KeyMaterial: out.PrivateKeyBody?.replace(/\n+$/, ''),
      Tags: tags,
    };
  },
  mapError: (e, input) => mapCommon(e, input.KeyName),
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
    const out = await call.ecs('ImportKeyPair', {
      RegionId: call.region,
      KeyPairName: input.KeyName,
      PublicKeyBody: body.startsWith('ssh-') || body.startsWith('ecdsa-') ? body : input.PublicKeyMaterial,
      Tag: tags,
      DryRun: input.DryRun,
    });
    const records = await loadKeyPairs(call.store, call.accountId, call.region, [input.KeyName]);
    return { KeyFingerprint: records.get(input.KeyName)?.ec2Fingerprint ?? colonHex(out.KeyPairFingerPrint), KeyName: out.KeyPairName, KeyPairId: records.get(input.KeyName)?.keyPairId, Tags: tags };
  },
  mapError: (e, input) => mapCommon(e, input.KeyName),
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
  handle: async (input, call) => {
    if (!input.KeyName && !input.KeyPairId) throw Ec2Errors.missingParameter('KeyName');
    const keys = await keyPairsView(call);
    const found = input.KeyPairId ? keys.find((k) => k.KeyPairId === input.KeyPairId) : keys.find((k) => k.KeyName === input.KeyName);
    // EC2 answers success for a key pair that does not exist (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/Welcome.html).
    if (!found) {
      if (input.DryRun) throw Ec2Errors.dryRun();
      return { Return: true };
    }
    await call.ecs('DeleteKeyPairs', { RegionId: call.region, KeyPairNames: JSON.stringify([found.KeyName]), DryRun: input.DryRun });
    return { Return: true, KeyPairId: found.KeyPairId };
  },
});
