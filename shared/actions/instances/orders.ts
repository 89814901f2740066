/**
 * Orders are not modelled (no payment happens in a sandbox); PrePaid purchases
 * and renewals still answer with an OrderId, a numeric string derived from the
 * request so retries of one request agree.
 */
export const orderIdFor = (requestId: string): string => String(parseInt(requestId.replace(/[^0-9]/g, '').slice(0, 15) || '1', 10));
