import { currentDialect } from '../../platform/dialect';
import { securityGroupErrors } from './errors';

/** Group names and descriptions (sources: see index.ts). */

/**
 * Which published rule set a name is checked against.
 * - `guide` (default; the seeds are the ground truth): docs/rules/ecs-user-guide.md#security-group-create, 2-128 characters, first a letter
 *   or a kanji, then letters, kanji, digits, `_` and `-`. No `.` (spec §16 item 11).
 * - `api`: the current CreateSecurityGroup doc (api §2.6 "Names"): the same first character, and
 *   also `.` and `:` after it, never `http://` / `https://`.
 */
export type NameRuleProfile = 'guide' | 'api' | 'ec2';

const SG_NAME_PATTERNS: Record<NameRuleProfile, RegExp> = {
  guide: /^[A-Za-z\p{Script=Han}][A-Za-z0-9\p{Script=Han}_-]*$/u,
  api: /^[A-Za-z\p{Script=Han}][A-Za-z0-9\p{Script=Han}_\-.:]*$/u,
  // EC2 CreateSecurityGroup: up to 255 of a-z, A-Z, 0-9, spaces and ._-:/()#,@[]+=&;{}!$*, any first
  // (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html).
  ec2: /^[A-Za-z0-9 ._\-:/()#,@[\]+=&;{}!$*]+$/,
};
const SG_NAME_LENGTH: Record<NameRuleProfile, [number, number]> = { guide: [2, 128], api: [2, 128], ec2: [1, 255] };

export const codePointLength = (s: string): number => [...s].length;
const startsWithUrlScheme = (s: string): boolean => /^https?:\/\//i.test(s);

/**
 * SecurityGroupName: optional (api: default no name), so '' and undefined give ''. Otherwise 2-128
 * characters (docs/rules/ecs-user-guide.md#security-group-create) in the profile's character set, else `InvalidSecurityGroupName.Malformed`
 * (api CreateSecurityGroup, spec E85).
 */
export function validateGroupName(name: string | undefined, profile: NameRuleProfile = currentDialect() === 'ec2' ? 'ec2' : 'guide'): string {
  if (name === undefined || name === '') return '';
  const length = codePointLength(name);
  const [min, max] = SG_NAME_LENGTH[profile];
  if (length < min || length > max) throw securityGroupErrors.name();
  if ((profile !== 'ec2' && startsWithUrlScheme(name)) || !SG_NAME_PATTERNS[profile].test(name)) throw securityGroupErrors.name();
  return name;
}

/**
 * Description (of a group; the image and disk descriptions share the rule): optional, default empty;
 * otherwise 2-256 characters that do not start with `http://` or `https://` (docs/rules/ecs-user-guide.md#security-group-create, api §2.6),
 * else `InvalidDescription.Malformed` (api CreateSecurityGroup).
 */
export function validateDescription(description: string | undefined): string {
  if (description === undefined || description === '') return '';
  const length = codePointLength(description);
  if (length < 2 || length > 256 || startsWithUrlScheme(description)) throw securityGroupErrors.description();
  return description;
}
