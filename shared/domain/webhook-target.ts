import { BlockList, isIP } from 'node:net';

/**
 * Where a webhook may be delivered (README "Events and webhooks"). A webhook is an outbound
 * request the sandbox makes on a user's behalf, so it must not be aimed inward:
 * - link-local addresses (169.254.0.0/16, fe80::/10: the cloud metadata services at
 *   169.254.169.254) are always refused;
 * - loopback, private (RFC 1918), shared (RFC 6598), unique-local and unspecified addresses are
 *   refused unless SANDBOX_WEBHOOK_ALLOW_PRIVATE=1 (on for `npm start` and the tests, whose
 *   receivers listen on 127.0.0.1; off when deployed).
 * Ranges: https://www.iana.org/assignments/iana-ipv4-special-registry/ and
 * https://www.iana.org/assignments/iana-ipv6-special-registry/. Pure: DNS is the caller's.
 */
const LINK_LOCAL = new BlockList();
LINK_LOCAL.addSubnet('169.254.0.0', 16, 'ipv4');
LINK_LOCAL.addSubnet('fe80::', 10, 'ipv6');

const PRIVATE = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
] as const) {
  PRIVATE.addSubnet(net, bits, 'ipv4');
}
PRIVATE.addAddress('::', 'ipv6');
PRIVATE.addAddress('::1', 'ipv6');
PRIVATE.addSubnet('fc00::', 7, 'ipv6');

export type AddressKind = 'link-local' | 'private' | 'public';

/** `::ffff:169.254.169.254` is the IPv4 address it carries. */
function unmapped(address: string): string {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return m ? m[1]! : address;
}

export function classifyAddress(address: string): AddressKind {
  const a = unmapped(address.replace(/^\[|\]$/g, ''));
  const family = isIP(a);
  if (family === 0) return 'public';
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (LINK_LOCAL.check(a, type)) return 'link-local';
  if (PRIVATE.check(a, type)) return 'private';
  return 'public';
}

/** Why an address may not receive webhooks, or undefined when it may. */
export function addressRefusal(address: string, allowPrivate: boolean): string | undefined {
  const kind = classifyAddress(address);
  if (kind === 'link-local') return `${address} is a link-local address (169.254.0.0/16, fe80::/10), never delivered to`;
  if (kind === 'private' && !allowPrivate) {
    return `${address} is a loopback or private address, delivered to only when SANDBOX_WEBHOOK_ALLOW_PRIVATE=1`;
  }
  return undefined;
}

/** The URL's host when it is an IP literal (without IPv6 brackets), else undefined. */
export function literalHost(url: URL): string | undefined {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return isIP(host) ? host : undefined;
}
