import { createHmac } from 'node:crypto';
import { Errors } from './errors';
import { matchesEventPattern, type SandboxEvent } from './events';

/**
 * Webhooks: an account's subscription of an http(s) URL to event-name
 * patterns. Delivery contract (README "Events and webhooks"): a POST of the
 * event JSON with `X-Sandbox-Event-Id`, `X-Sandbox-Timestamp` (unix seconds)
 * and `X-Sandbox-Signature: v1=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>`;
 * at least once, retried with exponential backoff, parked as dead after
 * MAX_ATTEMPTS.
 */
export interface WebhookRecord {
  webhookId: string;
  accountId: string;
  regionId: string;
  url: string;
  eventNames: string[];
  secret: string;
  description: string;
  creationTime: string;
}

export const MAX_ATTEMPTS = 8;
/** Backoff after the n-th failed attempt (n from 1): 10 s, 20 s, 40 s, … capped at 30 min (sandbox clock). */
export function backoffSeconds(attempt: number): number {
  return Math.min(1800, 10 * 2 ** (attempt - 1));
}

export function validateWebhookUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw Errors.invalid('InvalidUrl.Malformed', 'The specified Url is not a valid http(s) URL.');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw Errors.invalid('InvalidUrl.Malformed', 'The specified Url is not a valid http(s) URL: only http and https are delivered.');
  }
  return parsed.toString();
}

export function validateEventNamePatterns(patterns: string[]): string[] {
  if (patterns.length === 0) throw Errors.missingParameter('EventName.1');
  if (patterns.length > 20) throw Errors.invalid('InvalidEventName.Malformed', 'At most 20 EventName patterns per webhook.');
  for (const p of patterns) {
    if (!/^[A-Za-z0-9.*]{1,128}$/.test(p)) throw Errors.invalid('InvalidEventName.Malformed', `The EventName pattern "${p}" is not valid.`);
  }
  return [...new Set(patterns)];
}

export function validateSecret(secret: string): string {
  if (secret.length < 8 || secret.length > 256) throw Errors.invalid('InvalidSecret.Malformed', 'The Secret must be 8 to 256 characters.');
  return secret;
}

export const wants = (w: WebhookRecord, e: SandboxEvent): boolean =>
  w.accountId === e.AccountId && (w.regionId === e.RegionId || e.RegionId === 'global') && w.eventNames.some((p) => matchesEventPattern(p, e.EventName));

/** The body and headers of one delivery (the same bytes on every attempt but the timestamp). */
export function signedDelivery(secret: string, event: SandboxEvent, unixSeconds: number): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify({
    EventId: event.EventId,
    EventName: event.EventName,
    EventTime: event.EventTime,
    AccountId: event.AccountId,
    RegionId: event.RegionId,
    ResourceType: event.ResourceType,
    ResourceId: event.ResourceId,
    Detail: event.Detail,
  });
  const timestamp = String(unixSeconds);
  const signature = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'x-sandbox-event-id': event.EventId,
      'x-sandbox-timestamp': timestamp,
      'x-sandbox-signature': `v1=${signature}`,
    },
  };
}
