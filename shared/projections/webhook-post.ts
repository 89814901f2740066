import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { Errors } from '../domain/errors';
import { addressRefusal, literalHost } from '../domain/webhook-target';
import { config } from '../platform/config';

/**
 * The one way the sandbox sends a webhook request: a POST that refuses inward targets
 * (shared/domain/webhook-target.ts) at connection time. A host name is resolved by the
 * connection's own lookup, and every address it resolves to is checked there, so the address
 * checked is the address connected to (a DNS answer that changes between creation and delivery,
 * or between a check and the connect, cannot slip through). Redirects are not followed.
 */
export class RefusedTarget extends Error {
  constructor(reason: string) {
    super(`Refused: ${reason}`);
    this.name = 'RefusedTarget';
  }
}

const TIMEOUT_MS = 5000;

/** Why `url` may not be delivered to, judged without DNS (an IP literal host), or undefined. */
export function literalRefusal(url: URL, allowPrivate = config.webhookAllowPrivate): string | undefined {
  const host = literalHost(url);
  return host === undefined ? undefined : addressRefusal(host, allowPrivate);
}

/** A dns.lookup that fails when any address of the name is refused. */
export function guardedLookup(allowPrivate: boolean, resolve: typeof dnsLookup = dnsLookup): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const list = addresses;
      for (const a of list) {
        const reason = addressRefusal(a.address, allowPrivate);
        if (reason) return callback(new RefusedTarget(`${hostname} resolves to ${reason}`), '', 0);
      }
      if (list.length === 0) return callback(new Error(`${hostname} has no address`), '', 0);
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
      callback(null, list[0]!.address, list[0]!.family);
    });
  };
}

/** Whether a name's current DNS answer is refused (for the creation-time check); undefined when allowed or unresolvable. */
export function resolvedRefusal(hostname: string, allowPrivate = config.webhookAllowPrivate): Promise<string | undefined> {
  return new Promise((resolve) => {
    guardedLookup(allowPrivate)(hostname, {}, (err) => resolve(err instanceof RefusedTarget ? err.message.replace(/^Refused: /, '') : undefined));
  });
}

export function guardedPost(
  url: string,
  body: string,
  headers: Record<string, string>,
  allowPrivate = config.webhookAllowPrivate,
): Promise<{ status: number }> {
  return new Promise((resolve, reject) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return reject(new Error('the Url is not valid'));
    }
    const refusal = literalRefusal(target, allowPrivate);
    if (refusal) return reject(new RefusedTarget(refusal));
    const lib = target.protocol === 'https:' ? https : target.protocol === 'http:' ? http : undefined;
    if (!lib) return reject(new Error('only http and https are delivered'));
    const req = lib.request(target, {
      method: 'POST',
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      lookup: guardedLookup(allowPrivate),
      agent: false,
    });
    req.setTimeout(TIMEOUT_MS, () => req.destroy(new Error(`no answer within ${TIMEOUT_MS / 1000} s`)));
    req.on('error', reject);
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
      res.on('error', () => resolve({ status: res.statusCode ?? 0 }));
    });
    req.end(body);
  });
}

/**
 * The creation-time check (CreateWebhook, ModifyWebhook): 400 InvalidUrl.Forbidden when the
 * URL's host is, or now resolves to, a refused address. Delivery checks again (DNS answers change).
 */
export async function assertDeliverable(url: string, allowPrivate = config.webhookAllowPrivate): Promise<void> {
  const target = new URL(url);
  const reason = literalRefusal(target, allowPrivate) ?? (literalHost(target) ? undefined : await resolvedRefusal(target.hostname, allowPrivate));
  if (reason) throw Errors.invalid('InvalidUrl.Forbidden', `The specified Url is not allowed: ${reason}.`);
}
