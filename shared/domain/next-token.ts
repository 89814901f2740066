import { Errors } from './errors';

/**
 * NextToken values are opaque to clients: a kind tag and a position,
 * base64url-encoded. A token of another kind or not ours is
 * `InvalidNextToken.Malformed` (400; the reference documents no code for it,
 * this follows its `Invalid<Name>.Malformed` pattern).
 */
export function encodeNextToken(kind: string, position: string): string {
  return Buffer.from(`${kind}:${position}`).toString('base64url');
}

export const malformedNextToken = () => Errors.invalid('InvalidNextToken.Malformed', 'The specified NextToken is not valid.');

export function decodeNextToken(kind: string, token: string): string {
  const text = Buffer.from(token, 'base64url').toString('utf8');
  if (!text.startsWith(`${kind}:`) || text.length === kind.length + 1) throw malformedNextToken();
  return text.slice(kind.length + 1);
}
