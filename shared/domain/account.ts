import type { PolicyDocument } from './policy';

/** An account (like an Alibaba Cloud account): a 12-digit id that owns resources. */
export interface Account {
  accountId: string;
  createdAt: string;
  /** Set by the operator (ModifyAccountOverdue): the account has an overdue payment since then. */
  overdueSince?: string;
}

/**
 * An access key of an account. The secret is kept because HMAC signatures can
 * only be verified with it; it is returned once, at creation, and never again.
 */
export interface AccessKey {
  accessKeyId: string;
  accessKeySecret: string;
  accountId: string;
  policy?: PolicyDocument;
  createdAt: string;
}

/** Who is calling: an account's key, or the sandbox operator (who owns no resources). */
export type Caller = { kind: 'account'; accountId: string; accessKeyId: string; policy?: PolicyDocument } | { kind: 'operator'; accessKeyId: string };
