import { Errors } from '../errors';
import { keyPairErrors } from './errors';

/** Key pair names, their uniqueness and DescribeKeyPairs name patterns (sources: see index.ts). */

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
  guide: /^[A-Za-z\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}][A-Za-z0-9\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}._]*$/u,
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
export function checkKeyPairNameAvailable(name: string, taken: { existingNames: Iterable<string>; retiredNames?: Iterable<string> }): void {
  for (const n of taken.existingNames) if (n === name) throw keyPairErrors.alreadyExists();
  for (const n of taken.retiredNames ?? []) if (n === name) throw keyPairErrors.alreadyExists();
}

/** 500 key pairs per region per account (docs/rules/ecs-user-guide.md#key-pairs, api §2.6) → 403 QuotaExceed.KeyPair. */
export const DEFAULT_KEY_PAIRS_PER_REGION = 500;

/**
 * DescribeKeyPairs `KeyPairName`: `*` is a wildcard (`*SshKey`, `SshKey*`, `*SshKey*`); without
 * one the name must match exactly (api DescribeKeyPairs).
 */
export function keyPairNameMatches(pattern: string, name: string): boolean {
  if (!pattern.includes('*')) return pattern === name;
  const regex = new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
    'u',
  );
  return regex.test(name);
}
