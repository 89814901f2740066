import { store } from './store';

/**
 * Who the console acts as. An account acts through a bearer token (the
 * banner's link, or one the operator obtained for it) or its own key pair
 * (signed V3 in the browser). The operator's key pair, when given, unlocks the
 * clock panel and the account selector. Kept in sessionStorage: closing the
 * tab signs out, and nothing lands in localStorage.
 */
export type Credential = { kind: 'token'; token: string } | { kind: 'keys'; accessKeyId: string; accessKeySecret: string };
export interface KeyPair {
  accessKeyId: string;
  accessKeySecret: string;
}
export interface Session {
  accountId: string;
  accounts: Record<string, Credential>;
  operator?: KeyPair;
}

const KEY = 'sandbox-console-session';
const REGION_KEY = 'sandbox-console-region';

function load(): Session {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (raw) return JSON.parse(raw) as Session;
  } catch {
    /* a corrupt entry is the same as none */
  }
  return { accountId: '', accounts: {} };
}

export const session = store<Session>(load());
session.subscribe(() => sessionStorage.setItem(KEY, JSON.stringify(session.get())));

export const region = store<string>(localStorage.getItem(REGION_KEY) ?? 'cn-hangzhou');
region.subscribe(() => localStorage.setItem(REGION_KEY, region.get()));

/**
 * The banner's link: `/console/#token=<t>&account=<id>`. The fragment never reaches
 * the server; it is read once and removed from the address bar and history.
 */
export function takeTokenFromFragment(): void {
  const hash = location.hash.replace(/^#/, '');
  if (!hash.includes('token=')) return;
  const params = new URLSearchParams(hash);
  const token = params.get('token');
  if (!token) return;
  const accountId = params.get('account') || 'default';
  const s = session.get();
  session.set({ ...s, accountId, accounts: { ...s.accounts, [accountId]: { kind: 'token', token } } });
  history.replaceState(null, '', `${location.pathname}#/instances`);
}

export function currentCredential(): Credential | undefined {
  const s = session.get();
  return s.accounts[s.accountId];
}

export function signOut(): void {
  session.set({ accountId: '', accounts: {} });
}
