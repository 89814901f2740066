import { Errors } from '../errors';
import { keyPairErrors } from './errors';
import { ALL_SSH_KEY_TYPES, ECS_IMPORT_KEY_TYPES, MAX_IMPORTED_RSA_BITS, MIN_IMPORTED_RSA_BITS, type SshKeyType, type SshPublicKey } from './key-types';

/** Reading an SSH public key in any spelling ImportKeyPair takes (sources: see index.ts). */

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

export function wireString(data: Buffer | string): Buffer {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

/** An RFC 4253 `mpint` for a non-negative big-endian integer. */
export function wireMpint(unsigned: Buffer): Buffer {
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
