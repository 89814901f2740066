import { ApiError } from './errors';

/**
 * Name, description, hostname and password rules shared by every resource
 * (docs/rules/ecs-user-guide.md, https://www.alibabacloud.com/help/en/ecs/user-guide/limits): names 2–128 characters starting with a letter
 * (any script), descriptions 2–256, neither starting with http:// or https://.
 */
const HTTP_PREFIX = /^https?:\/\//i;

export function validateName(value: string, field: string, code = `Invalid${field}.Malformed`, extra = '.:_-'): void {
  const allowed = new RegExp(`^\\p{L}[\\p{L}\\p{N}${extra.replace(/[-\\\]^]/g, '\\$&')}]{1,127}$`, 'u');
  if (HTTP_PREFIX.test(value) || !allowed.test(value)) {
    throw new ApiError(code, 400, `The specified parameter "${field}" is not valid.`);
  }
}

export function validateDescription(value: string, code = 'InvalidDescription.Malformed'): void {
  if (value.length < 2 || value.length > 256 || HTTP_PREFIX.test(value)) {
    throw new ApiError(code, 400, 'The specified parameter "Description" is not valid.');
  }
}

/**
 * HostName (https://www.alibabacloud.com/help/en/ecs/user-guide/limits): Windows 2–15 characters, no `.`, not all digits;
 * Linux 2–64 characters in `.`-separated segments; `.` and `-` never first,
 * last or doubled.
 */
export function validateHostName(value: string, osType: 'linux' | 'windows'): void {
  const bad = () => new ApiError('InvalidHostName.Malformed', 400, 'The specified parameter "HostName" is not valid.');
  if (/^[.-]|[.-]$|[.-]{2}/.test(value)) throw bad();
  if (osType === 'windows') {
    if (!/^[A-Za-z0-9-]{2,15}$/.test(value) || /^[0-9]+$/.test(value)) throw bad();
  } else if (!/^[A-Za-z0-9.-]{2,64}$/.test(value)) {
    throw bad();
  }
}

/** Passwords: 8–30 characters, at least three of upper, lower, digit, special (docs/rules/ecs-user-guide.md#image-import). */
export function validatePassword(value: string, osType: 'linux' | 'windows', code = 'InvalidPassword.Malformed'): void {
  const specials = "()`~!@#$%^&*-_+=|{}[]:;'<>,.?/";
  const classes = [/[A-Z]/, /[a-z]/, /[0-9]/].filter((r) => r.test(value)).length + ([...value].some((c) => specials.includes(c)) ? 1 : 0);
  const onlyAllowed = [...value].every((c) => /[A-Za-z0-9]/.test(c) || specials.includes(c));
  if (value.length < 8 || value.length > 30 || classes < 3 || !onlyAllowed || (osType === 'windows' && value.startsWith('/'))) {
    throw new ApiError(code, 400, 'The specified parameter "Password" is not valid.');
  }
}
