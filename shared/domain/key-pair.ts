import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { Errors } from './errors';

/**
 * SSH key pairs: generation (CreateKeyPair), parsing and checking of imported public keys
 * (ImportKeyPair), fingerprints, name rules, the DescribeKeyPairs view. No I/O; key generation uses
 * node:crypto only.
 *
 * Sources: "guide Lnnn" = docs/rules/ecs-user-guide.md;
 * "api" = https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-createkeypair (CreateKeyPair, ImportKeyPair, DescribeKeyPairs,
 * DeleteKeyPairs, §2.6); "sdk" = the doc comments and examples of @alicloud/ecs20140526
 * (CreateKeyPairResponseBody, ImportKeyPairResponseBody, DescribeKeyPairsRequest);
 * "ec2" = https://docs.aws.amazon.com/AWSEC2/latest/APIReference/Welcome.html.
 */

// ---------------------------------------------------------------------------------------------
// Key types

export type SshKeyType =
  | 'ssh-rsa'
  | 'ssh-dss'
  | 'ecdsa-sha2-nistp256'
  | 'ecdsa-sha2-nistp384'
  | 'ecdsa-sha2-nistp521'
  | 'ssh-ed25519';

export const ALL_SSH_KEY_TYPES: readonly SshKeyType[] = [
  'ssh-rsa',
  'ssh-dss',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'ssh-ed25519',
];

/**
 * What ECS ImportKeyPair accepts: "supported types rsa, dsa, ssh-rsa, ssh-dss, ecdsa" (api
 * ImportKeyPair). Ed25519 is not in the reference, so ECS refuses it by default; the EC2 dialect
 * (rsa and ed25519, ec2 §4.19) passes its own list.
 */
export const ECS_IMPORT_KEY_TYPES: readonly SshKeyType[] = [
  'ssh-rsa',
  'ssh-dss',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
];

/** RSA modulus sizes accepted on import. The guide's "RSA 2048 only" (L3450) is about keys Alibaba creates. */
export const MIN_IMPORTED_RSA_BITS = 1024;
export const MAX_IMPORTED_RSA_BITS = 16384;

/** A parsed, checked public key. */
export interface SshPublicKey {
  keyType: SshKeyType;
  /** RSA/DSA modulus size, ECDSA curve size, 256 for Ed25519. */
  bits: number;
  /** The base64 of the SSH wire blob (RFC 4253 §6.6), canonical (re-encoded). */
  base64: string;
  /** The comment after the key, '' when none. */
  comment: string;
  /** `<type> <base64>`: the normalised OpenSSH line, without the comment. */
  openSsh: string;
}

// ---------------------------------------------------------------------------------------------
// Errors (api tables)

export const keyPairErrors = {
  publicKey: () => Errors.invalid('InvalidPublicKeyBody.Malformed', 'The PublicKeyBody format is not supported.'),
  name: () => Errors.invalid('InvalidKeyPairName.Malformed', 'Specified Key Pair name is not valid.'),
  /** api CreateKeyPair/ImportKeyPair; the guide's only literal error, "キーペアがすでに存在しています。" (L3473). */
  alreadyExists: () => Errors.invalid('KeyPair.AlreadyExist', 'The key pair already exist.'),
  quota: () => Errors.forbidden('QuotaExceed.KeyPair', 'The key pair quota exceeds.'),
  notFound: () =>
    Errors.notFound('InvalidKeyPairName.NotFound', 'The specified KeyPairName does not exist in our records.'),
};

// ---------------------------------------------------------------------------------------------
// SSH wire format

class WireReader {
  private offset = 0;
  constructor(private readonly buffer: Buffer) {}

  /** An RFC 4253 `string`: uint32 length + bytes; null when the blob is too short. */
  string(): Buffer | null {
    if (this.offset + 4 > this.buffer.length) return null;
    const n = this.buffer.readUInt32BE(this.offset);
    if (this.offset + 4 + n > this.buffer.length) return null;
    const out = this.buffer.subarray(this.offset + 4, this.offset + 4 + n);
    this.offset += 4 + n;
    return out;
  }

  get done(): boolean {
    return this.offset === this.buffer.length;
  }
}

function wireString(data: Buffer | string): Buffer {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

/** An RFC 4253 `mpint` for a non-negative big-endian integer. */
function wireMpint(unsigned: Buffer): Buffer {
  let start = 0;
  while (start < unsigned.length && unsigned[start] === 0) start++;
  let bytes = unsigned.subarray(start);
  if (bytes.length > 0 && (bytes[0]! & 0x80) !== 0) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return wireString(bytes);
}

/** Bit length of a non-negative mpint payload; null if it is negative or not minimally encoded. */
function mpintBits(mpint: Buffer): number | null {
  if (mpint.length === 0) return 0;
  if ((mpint[0]! & 0x80) !== 0) return null;
  let start = 0;
  while (start < mpint.length && mpint[start] === 0) start++;
  if (start > 1 || (start === 1 && (mpint[1] === undefined || (mpint[1] & 0x80) === 0))) return null;
  if (start === mpint.length) return 0;
  return (mpint.length - start - 1) * 8 + (32 - Math.clz32(mpint[start]!));
}

const ECDSA_CURVES: Record<string, { curve: string; pointLength: number; bits: number }> = {
  'ecdsa-sha2-nistp256': { curve: 'nistp256', pointLength: 65, bits: 256 },
  'ecdsa-sha2-nistp384': { curve: 'nistp384', pointLength: 97, bits: 384 },
  'ecdsa-sha2-nistp521': { curve: 'nistp521', pointLength: 133, bits: 521 },
};

/** Checks the structure of a wire blob; returns its type and size, or null when it is not a well-formed key. */
function inspectBlob(blob: Buffer): { keyType: SshKeyType; bits: number } | null {
  const reader = new WireReader(blob);
  const typeBytes = reader.string();
  if (!typeBytes) return null;
  const keyType = typeBytes.toString('latin1') as SshKeyType;
  let bits: number | null;
  switch (keyType) {
    case 'ssh-rsa': {
      const e = reader.string();
      const n = reader.string();
      if (!e || !n) return null;
      const eBits = mpintBits(e);
      bits = mpintBits(n);
      // The exponent is odd and > 1 for any usable RSA key.
      if (eBits === null || eBits < 2 || (e[e.length - 1]! & 1) === 0) return null;
      if (bits === null || bits < MIN_IMPORTED_RSA_BITS || bits > MAX_IMPORTED_RSA_BITS) return null;
      break;
    }
    case 'ssh-dss': {
      const parts = [reader.string(), reader.string(), reader.string(), reader.string()];
      if (parts.some((p) => !p)) return null;
      const sizes = parts.map((p) => mpintBits(p!));
      if (sizes.some((s) => s === null || s === 0)) return null;
      bits = sizes[0]!;
      break;
    }
    case 'ecdsa-sha2-nistp256':
    case 'ecdsa-sha2-nistp384':
    case 'ecdsa-sha2-nistp521': {
      const spec = ECDSA_CURVES[keyType]!;
      const curve = reader.string();
      const point = reader.string();
      if (!curve || !point || curve.toString('latin1') !== spec.curve) return null;
      if (point.length !== spec.pointLength || point[0] !== 0x04) return null;
      bits = spec.bits;
      break;
    }
    case 'ssh-ed25519': {
      const key = reader.string();
      if (!key || key.length !== 32) return null;
      bits = 256;
      break;
    }
    default:
      return null;
  }
  if (!reader.done) return null;
  return { keyType, bits };
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

function decodeBase64(text: string): Buffer | null {
  if (!BASE64.test(text) || text.length % 4 !== 0) return null;
  return Buffer.from(text, 'base64');
}

/** RFC 4716 "SSH2 public key" file: header lines (with `\` continuations), then base64. */
function parseRfc4716(textValue: string): { base64: string; comment: string } | null {
  const lines = textValue.split(/\r?\n/).map((l) => l.trim());
  const begin = lines.indexOf('---- BEGIN SSH2 PUBLIC KEY ----');
  const end = lines.indexOf('---- END SSH2 PUBLIC KEY ----');
  if (begin < 0 || end < begin) return null;
  const body = lines.slice(begin + 1, end);
  let comment = '';
  let i = 0;
  while (i < body.length && /^[\x21-\x39\x3b-\x7e]{1,64}:/.test(body[i]!)) {
    let header = body[i]!;
    while (header.endsWith('\\') && i + 1 < body.length) {
      i++;
      header = header.slice(0, -1) + body[i]!;
    }
    const colon = header.indexOf(':');
    if (header.slice(0, colon).toLowerCase() === 'comment') {
      comment = header
        .slice(colon + 1)
        .trim()
        .replace(/^"(.*)"$/, '$1');
    }
    i++;
  }
  return { base64: body.slice(i).join(''), comment };
}

export interface ParsePublicKeyOptions {
  /** Key types accepted; default `ECS_IMPORT_KEY_TYPES`. */
  allowedTypes?: readonly SshKeyType[];
}

/**
 * Parses an ImportKeyPair `PublicKeyBody` (docs/rules/ecs-user-guide.md#key-pairs: "the public key, Base64 encoded"). Accepted
 * spellings:
 * - an OpenSSH line `ssh-rsa AAAA… [comment]` (also `ecdsa-sha2-nistp256 …`, `ssh-dss …`);
 * - the bare base64 blob `AAAA…` (the type is read from the blob);
 * - an RFC 4716 `---- BEGIN SSH2 PUBLIC KEY ----` block (what `ssh-keygen -e` writes);
 * - any of those base64-encoded once more (the EC2 clients send the file base64-encoded).
 * The blob must be well formed (its embedded type equal to the declared one, every field present,
 * no trailing bytes; RSA 1024-16384 bits with an odd exponent; ECDSA points uncompressed on the
 * named curve; Ed25519 keys of 32 bytes), and of an allowed type.
 * Empty → MissingParameter PublicKeyBody; anything else wrong → InvalidPublicKeyBody.Malformed
 * (api ImportKeyPair). A private key pasted by mistake is refused the same way (docs/rules/ecs-user-guide.md#key-pairs).
 */
export function parseOpenSshPublicKey(textValue: string | undefined, options: ParsePublicKeyOptions = {}): SshPublicKey {
  const allowed = options.allowedTypes ?? ECS_IMPORT_KEY_TYPES;
  const trimmed = (textValue ?? '').trim();
  if (trimmed === '') throw Errors.missingParameter('PublicKeyBody');
  const parsed = parseAnySpelling(trimmed, 0);
  if (!parsed) throw keyPairErrors.publicKey();
  if (!allowed.includes(parsed.keyType)) throw keyPairErrors.publicKey();
  return parsed;
}

function parseAnySpelling(trimmed: string, depth: number): SshPublicKey | null {
  let base64: string;
  let comment = '';
  let declaredType: string | undefined;
  if (trimmed.startsWith('---- BEGIN SSH2 PUBLIC KEY ----')) {
    const rfc = parseRfc4716(trimmed);
    if (!rfc) return null;
    base64 = rfc.base64;
    comment = rfc.comment;
  } else {
    const tokens = trimmed.split(/\s+/);
    if ((ALL_SSH_KEY_TYPES as readonly string[]).includes(tokens[0]!)) {
      if (tokens.length < 2) return null;
      declaredType = tokens[0];
      base64 = tokens[1]!;
      comment = tokens.slice(2).join(' ');
    } else if (tokens.length === 1) {
      base64 = tokens[0]!;
    } else {
      return null;
    }
  }
  const blob = decodeBase64(base64);
  if (!blob) return null;
  const inspected = inspectBlob(blob);
  if (!inspected) {
    // Maybe the whole key text was base64-encoded (once).
    if (declaredType === undefined && depth === 0) {
      const inner = blob.toString('utf8').trim();
      if (/^(ssh-|ecdsa-|---- BEGIN SSH2)/.test(inner)) return parseAnySpelling(inner, 1);
    }
    return null;
  }
  if (declaredType !== undefined && declaredType !== inspected.keyType) return null;
  const canonical = blob.toString('base64');
  return {
    keyType: inspected.keyType,
    bits: inspected.bits,
    base64: canonical,
    comment,
    openSsh: `${inspected.keyType} ${canonical}`,
  };
}

// ---------------------------------------------------------------------------------------------
// Fingerprints

function blobOf(publicKey: string | SshPublicKey): Buffer {
  const key = typeof publicKey === 'string' ? parseOpenSshPublicKey(publicKey, { allowedTypes: ALL_SSH_KEY_TYPES }) : publicKey;
  return Buffer.from(key.base64, 'base64');
}

const colonHex = (digest: Buffer): string => (digest.toString('hex').match(/../g) ?? []).join(':');

/**
 * `KeyPairFingerPrint` of ECS (CreateKeyPair, ImportKeyPair, DescribeKeyPairs).
 *
 * Decision: the MD5 digest of the public key blob (the base64-decoded middle field of the OpenSSH
 * line, as RFC 4716 §4 defines the fingerprint), written as 32 lowercase hex digits without colons.
 * - What is documented: "The fingerprint uses the MD5 message-digest algorithm based on the public
 *   key fingerprint format defined in RFC 4716" (sdk CreateKeyPairResponseBody /
 *   ImportKeyPairResponseBody / DescribeKeyPairsRequest; ROS ALIYUN::ECS::SSHKeyPair doc). The
 *   same digest is what `ssh-keygen -l -E md5` prints.
 * - What is not settled: the rendering. The doc examples show colon-separated pairs
 *   (`89:f0:ba:…:5a:d7`), but with 20 pairs, the length of a SHA-1 and not of an MD5, which suggests
 *   they were copied from elsewhere and do not show a real value. Plain hex is the form the
 *   brief and a sibling cloud's copy of the same doc (Volcengine `FingerPrint`
 *   `4158f40dbc0814eb04f0dcac4e******`) show. If the colon form proves right, switch this function
 *   to `md5ColonFingerprint`; the digest stays the same. `normaliseFingerprint` lets a
 *   DescribeKeyPairs filter accept either spelling meanwhile.
 * Created and imported keys use the same rule (unlike EC2, see `sha1PrivateKeyFingerprint`).
 */
export function fingerprint(publicKey: string | SshPublicKey): string {
  return createHash('md5').update(blobOf(publicKey)).digest('hex');
}

/** RFC 4716 §4 form, `aa:bb:…` (16 pairs): what `ssh-keygen -l -E md5` prints after `MD5:`; EC2's imported-RSA fingerprint. */
export function md5ColonFingerprint(publicKey: string | SshPublicKey): string {
  return colonHex(createHash('md5').update(blobOf(publicKey)).digest());
}

/** `SHA256:<base64 without padding>`: what modern `ssh-keygen -l` prints (EC2 shows it for Ed25519 keys, ec2 §4.19). */
export function sha256Fingerprint(publicKey: string | SshPublicKey): string {
  return `SHA256:${createHash('sha256').update(blobOf(publicKey)).digest('base64').replace(/=+$/, '')}`;
}

/**
 * EC2 CreateKeyPair's RSA fingerprint: the SHA-1 of the DER (PKCS#8) private key, colon hex
 * (ec2 §4.19). Not used by ECS.
 */
export function sha1PrivateKeyFingerprint(privateKeyPem: string): string {
  const der = createPrivateKey(privateKeyPem).export({ type: 'pkcs8', format: 'der' });
  return colonHex(createHash('sha1').update(der).digest());
}

/**
 * EC2 ImportKeyPair's RSA fingerprint: the MD5 of the public key's DER (SubjectPublicKeyInfo), colon
 * hex — what `openssl rsa -pubout -outform DER | openssl md5 -c` prints
 * (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/verify-keys.html). Other key types: SHA256.
 */
export function md5PublicKeyDerFingerprint(publicKey: string | SshPublicKey): string {
  const blob = blobOf(publicKey);
  let at = 0;
  const field = (): Buffer => {
    const n = blob.readUInt32BE(at);
    const out = blob.subarray(at + 4, at + 4 + n);
    at += 4 + n;
    return out;
  };
  if (field().toString() !== 'ssh-rsa') return sha256Fingerprint(publicKey);
  const unsigned = (b: Buffer) => (b[0] === 0 ? b.subarray(1) : b).toString('base64url');
  const e = unsigned(field());
  const n = unsigned(field());
  const der = createPublicKey({ key: { kty: 'RSA', n, e }, format: 'jwk' }).export({ type: 'spki', format: 'der' });
  return colonHex(createHash('md5').update(der).digest());
}

/**
 * A fingerprint as a user may type it (`MD5:aa:bb:…`, `aa:bb:…`, `AABB…`), reduced to the
 * `fingerprint` form, for the DescribeKeyPairs `KeyPairFingerPrint` filter.
 */
export function normaliseFingerprint(textValue: string): string {
  return textValue
    .trim()
    .replace(/^md5:/i, '')
    .replace(/:/g, '')
    .toLowerCase();
}

// ---------------------------------------------------------------------------------------------
// Generation

export interface GenerateKeyPairOptions {
  /** Default 2048: "Alibaba Cloud supports only RSA 2048-bit key pairs" (docs/rules/ecs-user-guide.md#key-pairs). */
  bits?: number;
  /**
   * Default `pkcs1` (`-----BEGIN RSA PRIVATE KEY-----`). The guide and api say "unencrypted PEM,
   * PKCS#8" (L3454, api CreateKeyPair), but the SDK's own `PrivateKeyBody` example starts
   * `MIIEpAIBAAKCAQEA…`, which is the DER of a PKCS#1 RSAPrivateKey (PKCS#8 would start
   * `MIIEvQIBADANBgkq…`), and PKCS#1 is what EC2 returns too (ec2 §4.19). `ssh -i` and
   * `ssh-keygen -y` read both.
   */
  privateKeyFormat?: 'pkcs1' | 'pkcs8';
}

export interface GeneratedKeyPair {
  keyType: 'ssh-rsa';
  bits: number;
  /** `ssh-rsa AAAA…` (no comment). */
  publicKeyOpenSsh: string;
  /** Unencrypted PEM; returned once, never stored (docs/rules/ecs-user-guide.md#key-pairs). */
  privateKeyPem: string;
  /** `KeyPairFingerPrint` (see `fingerprint`). */
  fingerprint: string;
  sha256Fingerprint: string;
  md5ColonFingerprint: string;
}

/** CreateKeyPair: a fresh RSA key pair (node:crypto). */
export function generateKeyPair(options: GenerateKeyPairOptions = {}): GeneratedKeyPair {
  const bits = options.bits ?? 2048;
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: bits, publicExponent: 0x10001 });
  const jwk = publicKey.export({ format: 'jwk' });
  const blob = Buffer.concat([
    wireString('ssh-rsa'),
    wireMpint(Buffer.from(jwk.e!, 'base64url')),
    wireMpint(Buffer.from(jwk.n!, 'base64url')),
  ]);
  const base64 = blob.toString('base64');
  const parsed: SshPublicKey = { keyType: 'ssh-rsa', bits, base64, comment: '', openSsh: `ssh-rsa ${base64}` };
  const privateKeyPem = privateKey.export({ type: options.privateKeyFormat ?? 'pkcs1', format: 'pem' }) as string;
  return {
    keyType: 'ssh-rsa',
    bits,
    publicKeyOpenSsh: parsed.openSsh,
    privateKeyPem,
    fingerprint: fingerprint(parsed),
    sha256Fingerprint: sha256Fingerprint(parsed),
    md5ColonFingerprint: md5ColonFingerprint(parsed),
  };
}

// ---------------------------------------------------------------------------------------------
// Names

/**
 * Which published rule set a key pair name is checked against:
 * - `guide` (default; the seeds are the ground truth): docs/rules/ecs-user-guide.md#key-pairs, 2-128 characters, first a
 *   letter, kanji, hiragana or katakana, then those, digits, `.` and `_`. No `-` (spec §13,
 *   §16 item 11, E99).
 * - `api`: the current CreateKeyPair doc: 2-128 characters, starting with a letter or a Chinese
 *   character, then letters, digits, `:`, `_` and `-` (no `.`); never `http://` / `https://`.
 */
export type KeyPairNameProfile = 'guide' | 'api' | 'ec2';

const KEY_PAIR_NAME_PATTERNS: Record<KeyPairNameProfile, RegExp> = {
  guide:
    /^[A-Za-z\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}][A-Za-z0-9\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}._]*$/u,
  api: /^[A-Za-z\p{Script=Han}][A-Za-z0-9\p{Script=Han}:_-]*$/u,
  // - `ec2`: the EC2 CreateKeyPair doc (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateKeyPair.html): up to 255 ASCII characters (the EC2 user guide's (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/concepts.html) `my-key-pair`).
  ec2: /^[\x20-\x7e]+$/,
};
const KEY_PAIR_NAME_LENGTH: Record<KeyPairNameProfile, [number, number]> = { guide: [2, 128], api: [2, 128], ec2: [1, 255] };

/** KeyPairName: required (MissingParameter), 2-128 characters of the profile's set, else InvalidKeyPairName.Malformed (api). */
export function validateKeyPairName(name: string | undefined, profile: KeyPairNameProfile = 'guide'): string {
  if (name === undefined || name === '') throw Errors.missingParameter('KeyPairName');
  const length = [...name].length;
  const [min, max] = KEY_PAIR_NAME_LENGTH[profile];
  if (length < min || length > max) throw keyPairErrors.name();
  if (/^https?:\/\//i.test(name) || !KEY_PAIR_NAME_PATTERNS[profile].test(name)) throw keyPairErrors.name();
  return name;
}

/**
 * Create/Import with a name that is taken → KeyPair.AlreadyExist. Taken means: an existing key pair,
 * or a name retired because its key pair was deleted while still bound to an instance; such a name
 * can never be used again (docs/rules/ecs-user-guide.md#key-pairs).
 */
export function checkKeyPairNameAvailable(
  name: string,
  taken: { existingNames: Iterable<string>; retiredNames?: Iterable<string> },
): void {
  for (const n of taken.existingNames) if (n === name) throw keyPairErrors.alreadyExists();
  for (const n of taken.retiredNames ?? []) if (n === name) throw keyPairErrors.alreadyExists();
}

/** 500 key pairs per region per account (docs/rules/ecs-user-guide.md#key-pairs, api §2.6) → 403 QuotaExceed.KeyPair. */
export const DEFAULT_KEY_PAIRS_PER_REGION = 500;

export function checkKeyPairQuota(existingKeyPairs: number, limit = DEFAULT_KEY_PAIRS_PER_REGION): void {
  if (existingKeyPairs >= limit) throw keyPairErrors.quota();
}

/**
 * DescribeKeyPairs `KeyPairName`: `*` is a wildcard (`*SshKey`, `SshKey*`, `*SshKey*`); without
 * one the name must match exactly (api DescribeKeyPairs).
 */
export function keyPairNameMatches(pattern: string, name: string): boolean {
  if (!pattern.includes('*')) return pattern === name;
  const regex = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'u');
  return regex.test(name);
}

// ---------------------------------------------------------------------------------------------
// Record and view

export interface KeyPairTag {
  key: string;
  value: string;
}

export interface KeyPairRecord {
  keyPairName: string;
  /** `KeyPairId` of CreateKeyPair (sdk example `ssh-bp67acfmxazb4p****`). */
  keyPairId: string;
  regionId: string;
  accountId: string;
  keyType: SshKeyType;
  /** The stored public key, `<type> <base64>` (Alibaba keeps only the public key, docs/rules/ecs-user-guide.md#key-pairs). */
  publicKey: string;
  /** `fingerprint(publicKey)`. */
  fingerprint: string;
  /**
   * The fingerprint EC2 shows (either dialect computes it when the key is made): a created RSA key's
   * SHA-1 of its PKCS#8 DER private key (which is not kept), an imported one's MD5 of its public DER.
   */
  ec2Fingerprint?: string;
  /** ISO 8601 UTC. */
  creationTime: string;
  tags: KeyPairTag[];
  resourceGroupId?: string;
}

/** One `KeyPairs.KeyPair[]` item of DescribeKeyPairs (api §3.4); `PublicKey` only with IncludePublicKey. */
export function renderKeyPair(
  record: KeyPairRecord,
  options: { includePublicKey?: boolean } = {},
): Record<string, unknown> {
  return {
    KeyPairName: record.keyPairName,
    KeyPairFingerPrint: record.fingerprint,
    // Minutes, as the reference example `2023-09-04T08:33Z`.
    CreationTime: `${new Date(record.creationTime).toISOString().slice(0, 16)}Z`,
    ResourceGroupId: record.resourceGroupId ?? '',
    ...(options.includePublicKey ? { PublicKey: record.publicKey } : {}),
    Tags: { Tag: record.tags.map((t) => ({ TagKey: t.key, TagValue: t.value })) },
  };
}

