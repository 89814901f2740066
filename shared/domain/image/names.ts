import { currentDialect } from '../../platform/dialect';
import { Errors } from '../errors';
import { ImageErrors } from './errors';

/** Image names, descriptions and families. */

const HTTP_PREFIX = /^https?:\/\//i;

/**
 * ImageName (CreateImage, CopyImage, ModifyImageAttribute): 2–128 characters, starting with a
 * letter (kanji, hiragana and katakana included), then letters, digits, `-`, `_`, `.` (docs/rules/ecs-user-guide.md#image-from-snapshot,
 * L2348). ImportImage: no `.` (docs/rules/ecs-user-guide.md#image-import).
 */
export function validateImageName(name: string, opts: { forImport?: boolean } = {}): void {
  if (currentDialect() === 'ec2') {
    // EC2 AMI names: 3-128 of letters, digits, ( ) [ ] space . / - ' @ _, any first
    // (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateImage.html).
    if (!/^[A-Za-z0-9()[\] ./\-'@_]{3,128}$/.test(name)) throw ImageErrors.nameMalformed();
    return;
  }
  const rule = opts.forImport ? /^\p{L}[\p{L}\p{N}_-]{1,127}$/u : /^\p{L}[\p{L}\p{N}._-]{1,127}$/u;
  if (HTTP_PREFIX.test(name) || !rule.test(name)) throw ImageErrors.nameMalformed();
}

/** Description: 2–256 characters, not starting with http:// or https:// (docs/rules/ecs-user-guide.md#image-from-snapshot). */
export function validateImageDescription(description: string): void {
  if (description.length < 2 || description.length > 256 || HTTP_PREFIX.test(description)) {
    throw ImageErrors.descriptionMalformed();
  }
}

/** ImageFamily: 2–128 characters, starting with a letter, not a URL; `acs:` and `aliyun` are the public images' own. */
export function validateImageFamily(family: string): void {
  if (!/^\p{L}[\p{L}\p{N}.:_-]{1,127}$/u.test(family) || HTTP_PREFIX.test(family) || /^(acs:|aliyun)/i.test(family)) {
    throw Errors.invalidParameter('ImageFamily', 'The name must be 2 to 128 characters long, start with a letter and not start with acs: or aliyun.');
  }
}
