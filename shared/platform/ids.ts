import { randomBytes, randomUUID } from 'node:crypto';
import { currentDialect } from './dialect';

/** RequestId: an uppercase UUID, as the real API returns. */
export const newRequestId = (): string => randomUUID().toUpperCase();

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** Lowercase alphanumerics from a CSPRNG (ids must never collide across concurrent Lambdas). */
export function randomAlnum(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[bytes[i]! % ALPHABET.length];
  return out;
}

/**
 * Region-flavoured resource ids like the real ones (`i-bp1g6zv0ce8oghu7abcd`):
 * a type prefix, a two-letter region code, then 18 random characters.
 */
const REGION_CODES: Record<string, string> = {
  'cn-hangzhou': 'bp',
  'cn-shanghai': 'uf',
  'cn-qingdao': 'm5',
  'cn-beijing': '2z',
  'cn-shenzhen': 'wz',
  'cn-hongkong': 'j6',
  'ap-southeast-1': 't4',
  'ap-northeast-1': '6w',
  'us-west-1': 'rj',
  'us-east-1': '0x',
  'eu-central-1': 'gw',
  'us-east-2': '2e',
  'us-west-2': '2w',
  'eu-west-1': 'ie',
  'eu-west-2': 'ld',
  'eu-north-1': 'sk',
  'ap-northeast-2': 'se',
  'ap-southeast-2': 'sy',
  'ap-south-1': 'mb',
  'ca-central-1': 'ca',
  'sa-east-1': 'sp',
};
export function newResourceId(prefix: string, regionId: string): string {
  const code = REGION_CODES[regionId] ?? 'zz';
  const p = currentDialect() === 'ec2' ? (EC2_PREFIXES[prefix] ?? prefix) : prefix;
  return `${p}-${code}${randomAlnum(18)}`;
}

/**
 * Resources created through the EC2 dialect get EC2's id prefixes (`ami-`, `vol-`, `snap-`,
 * `key-`, `subnet-` for a vSwitch, `rtb-` for a route table; `i-`, `sg-` and `vpc-` are the same in both), so an EC2 client sees ids of the shape it
 * knows. Both dialects accept either form: ids are opaque keys everywhere.
 */
const EC2_PREFIXES: Record<string, string> = { m: 'ami', d: 'vol', s: 'snap', ssh: 'key', eip: 'eipalloc', vsw: 'subnet', vtb: 'rtb', rte: 'rte', ngw: 'nat' };

/** 12-digit account id, never starting with 0. */
export function newAccountId(): string {
  const n = randomBytes(6).readUIntBE(0, 6) % 900_000_000_000;
  return String(100_000_000_000 + n);
}

/** Access key ids look like real ones: `LTAI` + 20 alphanumerics. */
export const newAccessKeyId = (): string => `LTAI${randomBytes(15).toString('base64url').replace(/[-_]/g, 'x').slice(0, 20)}`;
export const newAccessKeySecret = (): string => randomBytes(23).toString('base64url').slice(0, 30);
export const newApiToken = (): string => `sbx_${randomBytes(32).toString('base64url')}`;
