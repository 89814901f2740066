import { createHash, createPrivateKey, createPublicKey } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { sandboxNow } from '../../support/instances';
import { sandbox } from '../../support/sandbox';
import { TEST_SETTINGS } from '../../support/settings';

/** Console steps the page tests share: signing the operator in on one account, reading a table row. */
export const consoleHome = () => `${sandbox().endpoint}/console/`;

/**
 * The operator signs in and opens `accountId`: the account's pages, plus the
 * clock panel (advance, run jobs, durations profile) that only the operator has.
 */
export async function operatorOn(browser: Browser, accountId: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  await page.goto(consoleHome());
  await page.getByLabel('AccessKeyId').fill(TEST_SETTINGS.admin.accessKeyId);
  await page.getByLabel('AccessKeySecret').fill(TEST_SETTINGS.admin.accessKeySecret);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByLabel('Other account id').fill(accountId);
  await page.getByRole('button', { name: 'Open' }).click();
  await page.getByRole('heading', { name: 'Instances' }).waitFor({ timeout: 15_000 });
  return page;
}

/** Go to a page by its navigation link and wait for its heading. */
export async function open(page: Page, link: string, heading: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Resources' }).getByRole('link', { name: link, exact: true }).click();
  await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
}

/** The row of a table whose `data-id` is `id`. */
export const rowOf = (page: Page, id: string) => page.locator(`tbody tr[data-id="${id}"]`);

/**
 * Advance the sandbox clock with one of the clock panel's presets; resolves once
 * the clock has moved and the jobs the panel runs afterwards are done (its
 * buttons are enabled again).
 */
export async function advance(page: Page, preset: keyof typeof PRESET_SECONDS): Promise<void> {
  const before = await sandboxNow();
  const button = page.getByRole('group', { name: 'Advance the clock' }).getByRole('button', { name: preset });
  await button.click();
  await expect.poll(async () => (await sandboxNow()).getTime() - before.getTime(), { timeout: 15_000 }).toBeGreaterThanOrEqual(PRESET_SECONDS[preset] * 1000);
  await expect.poll(() => button.isEnabled(), { timeout: 30_000 }).toBe(true);
}
const PRESET_SECONDS = { '+10 min': 600, '+1 h': 3600, '+1 day': 86_400 } as const;

/** The control plane's durations profile, read as curl would (`-u key:secret`). */
export async function durationsProfile(): Promise<string> {
  const auth = Buffer.from(`${TEST_SETTINGS.admin.accessKeyId}:${TEST_SETTINGS.admin.accessKeySecret}`).toString('base64');
  const res = await fetch(`${sandbox().endpoint}/_sandbox/durations`, { headers: { authorization: `Basic ${auth}` } });
  return ((await res.json()) as { Profile: string }).Profile;
}

/**
 * ECS's key pair fingerprint of a private key, computed independently of the
 * sandbox: MD5 of the OpenSSH `ssh-rsa` public key blob (RFC 4716 §4).
 */
export function sshRsaMd5Fingerprint(privateKeyPem: string): string {
  const jwk = createPublicKey(createPrivateKey(privateKeyPem)).export({ format: 'jwk' }) as { n: string; e: string };
  const field = (b: Buffer) => Buffer.concat([Buffer.from([0, 0, 0, 0].map((_, i) => (b.length >>> (8 * (3 - i))) & 0xff)), b]);
  const mpint = (b64: string) => {
    const raw = Buffer.from(b64, 'base64url');
    return field(raw[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), raw]) : raw);
  };
  const blob = Buffer.concat([field(Buffer.from('ssh-rsa')), mpint(jwk.e), mpint(jwk.n)]);
  return createHash('md5').update(blob).digest('hex');
}

/** What the page showed when a test failed, for whoever reads the log (an afterEach hook). */
export async function screenshotIfFailed(page: Page | undefined, ctx: { task: { name: string; result?: { state?: string } } }): Promise<void> {
  if (ctx.task.result?.state === 'fail') await page?.screenshot({ path: `/tmp/console-failed-${ctx.task.name.slice(0, 40).replace(/\W+/g, '-')}.png` });
}
