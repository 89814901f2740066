/** IPv4 and IPv6 address and CIDR text as security group rules take it: parsing, canonical form. */

export type IpFamily = 4 | 6;

export interface ParsedCidr {
  family: IpFamily;
  /** Address with the host bits cleared. */
  network: bigint;
  prefix: number;
  /** Whether the text had an explicit `/n`. */
  explicitPrefix: boolean;
}

const bitsOf = (family: IpFamily): number => (family === 4 ? 32 : 128);

function parseIpv4(text: string): bigint | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m) return null;
  let value = 0n;
  for (const part of m.slice(1)) {
    if (part.length > 1 && part.startsWith('0')) return null;
    const n = Number(part);
    if (n > 255) return null;
    value = (value << 8n) | BigInt(n);
  }
  return value;
}

function parseIpv6(text: string): bigint | null {
  if (!/^[0-9A-Fa-f:.]+$/.test(text)) return null;
  const gap = text.indexOf('::');
  if (gap !== text.lastIndexOf('::')) return null;
  const split = (s: string): string[] => (s === '' ? [] : s.split(':'));
  const head = gap >= 0 ? split(text.slice(0, gap)) : split(text);
  const tail = gap >= 0 ? split(text.slice(gap + 2)) : [];
  const expand = (groups: string[], mayEndWithIpv4: boolean): number[] | null => {
    const out: number[] = [];
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i]!;
      if (g.includes('.')) {
        if (!mayEndWithIpv4 || i !== groups.length - 1) return null;
        const v4 = parseIpv4(g);
        if (v4 === null) return null;
        out.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
      } else {
        if (!/^[0-9A-Fa-f]{1,4}$/.test(g)) return null;
        out.push(parseInt(g, 16));
      }
    }
    return out;
  };
  const h = expand(head, gap < 0);
  const t = expand(tail, true);
  if (!h || !t) return null;
  let groups: number[];
  if (gap >= 0) {
    if (h.length + t.length > 7) return null;
    groups = [...h, ...new Array<number>(8 - h.length - t.length).fill(0), ...t];
  } else {
    if (h.length !== 8) return null;
    groups = h;
  }
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
}

function formatIpv4(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 0xffn)).join('.');
}

/** RFC 5952 text: lower case, no leading zeros, the longest run (≥2) of zero groups as `::`. */
function formatIpv6(value: bigint): string {
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((value >> BigInt(i * 16)) & 0xffffn));
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength && j - i >= 2) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  const left = hex.slice(0, bestStart).join(':');
  const right = hex.slice(bestStart + bestLength).join(':');
  return `${left}::${right}`;
}

function parseAddress(text: string): { family: IpFamily; value: bigint } | null {
  const v4 = parseIpv4(text);
  if (v4 !== null) return { family: 4, value: v4 };
  const v6 = parseIpv6(text);
  if (v6 !== null) return { family: 6, value: v6 };
  return null;
}

export function parseCidr(text: string): ParsedCidr | null {
  const trimmed = text.trim();
  const slash = trimmed.indexOf('/');
  const addressText = slash >= 0 ? trimmed.slice(0, slash) : trimmed;
  const address = parseAddress(addressText);
  if (!address) return null;
  const bits = bitsOf(address.family);
  let prefix = bits;
  if (slash >= 0) {
    const prefixText = trimmed.slice(slash + 1);
    if (!/^\d{1,3}$/.test(prefixText)) return null;
    prefix = Number(prefixText);
    if (prefix > bits) return null;
  }
  const hostBits = BigInt(bits - prefix);
  const network = (address.value >> hostBits) << hostBits;
  return { family: address.family, network, prefix, explicitPrefix: slash >= 0 };
}

/** `a.b.c.d/n` (host bits cleared) or RFC 5952 IPv6 `/n`; a bare address is a /32 or /128. */
export function canonicalCidr(c: ParsedCidr): string {
  return `${c.family === 4 ? formatIpv4(c.network) : formatIpv6(c.network)}/${c.prefix}`;
}

/** The address text as stored: trimmed, IPv6 in RFC 5952 form; the prefix kept as given (or absent). */
export function storedCidrText(c: ParsedCidr, original: string): string {
  const trimmed = original.trim();
  if (c.family === 4) return trimmed;
  const slash = trimmed.indexOf('/');
  const address = parseIpv6(slash >= 0 ? trimmed.slice(0, slash) : trimmed)!;
  return `${formatIpv6(address)}${slash >= 0 ? trimmed.slice(slash) : ''}`;
}
