/**
 * IPv4 CIDR arithmetic for the network model (no I/O): parsing, containment, overlap, and the
 * address at an offset of a block.
 */
export interface Cidr {
  /** The network address as an unsigned 32-bit number. */
  base: number;
  prefix: number;
}

export function ipToInt(ip: string): number | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return undefined;
    const v = Number(p);
    if (v > 255) return undefined;
    n = n * 256 + v;
  }
  return n;
}

export const intToIp = (n: number): string => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');

/** `a.b.c.d/n` with the host bits zero; anything else is undefined. */
export function parseCidr(text: string): Cidr | undefined {
  const m = /^([0-9.]+)\/(\d{1,2})$/.exec(text.trim());
  if (!m) return undefined;
  const base = ipToInt(m[1]!);
  const prefix = Number(m[2]);
  if (base === undefined || prefix > 32) return undefined;
  if (base % blockSize({ prefix }) !== 0) return undefined;
  return { base, prefix };
}

export const blockSize = (c: Pick<Cidr, 'prefix'>): number => 2 ** (32 - c.prefix);
export const formatCidr = (c: Cidr): string => `${intToIp(c.base)}/${c.prefix}`;

export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  return inner.prefix >= outer.prefix && inner.base >= outer.base && inner.base + blockSize(inner) <= outer.base + blockSize(outer);
}

export function cidrOverlaps(a: Cidr, b: Cidr): boolean {
  return a.base < b.base + blockSize(b) && b.base < a.base + blockSize(a);
}

export function cidrContainsIp(c: Cidr, ip: string): boolean {
  const n = ipToInt(ip);
  return n !== undefined && n >= c.base && n < c.base + blockSize(c);
}

/** The private ranges of RFC 1918, the blocks both clouds take VPC CIDRs from. */
export const RFC1918 = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'].map((c) => parseCidr(c)!);
export const isPrivateCidr = (c: Cidr): boolean => RFC1918.some((r) => cidrContains(r, c));
