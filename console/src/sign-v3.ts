/**
 * ACS3-HMAC-SHA256 (signature V3) over `POST /api/<Action>` with a JSON body,
 * computed in the browser with Web Crypto, so an access key pair can sign in
 * without a token. Same canonical request as the server's
 * shared/protocol/ecs/signature-v3.ts; the browser sets `host` itself.
 */
const enc = new TextEncoder();
const hex = (buf: ArrayBuffer) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join('');

async function sha256Hex(text: string): Promise<string> {
  return hex(await crypto.subtle.digest('SHA-256', enc.encode(text)));
}

async function hmacHex(secret: string, text: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', enc.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return hex(await crypto.subtle.sign('HMAC', key, enc.encode(text)));
}

export function canSign(): boolean {
  // Web Crypto exists only in secure contexts (https, or http on 127.0.0.1 / localhost).
  return typeof crypto !== 'undefined' && crypto.subtle !== undefined;
}

export async function signedHeaders(
  key: { accessKeyId: string; accessKeySecret: string },
  action: string,
  path: string,
  body: string,
): Promise<Record<string, string>> {
  const headers: Record<string, string> = {
    host: location.host,
    'x-acs-action': action,
    'x-acs-content-sha256': await sha256Hex(body),
    'x-acs-date': new Date().toISOString().slice(0, 19) + 'Z',
    'x-acs-signature-nonce': crypto.randomUUID(),
    'x-acs-version': '2014-05-26',
  };
  const names = Object.keys(headers).sort();
  const canonical = ['POST', path, '', names.map((n) => `${n}:${headers[n]}\n`).join(''), names.join(';'), headers['x-acs-content-sha256']].join('\n');
  const signature = await hmacHex(key.accessKeySecret, `ACS3-HMAC-SHA256\n${await sha256Hex(canonical)}`);
  const { host: _host, ...sent } = headers;
  return {
    ...sent,
    authorization: `ACS3-HMAC-SHA256 Credential=${key.accessKeyId},SignedHeaders=${names.join(';')},Signature=${signature}`,
  };
}
