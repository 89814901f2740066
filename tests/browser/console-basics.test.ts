import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callAction } from '../support/ecs-client';
import { IMAGE, REGION, TYPE } from '../support/instances';
import { newAccount, sandbox } from '../support/sandbox';
import { TEST_SETTINGS } from '../support/settings';
import { launchChromium, screenshot } from './support/browser';

/**
 * The console beyond the release flow: its first load, signing in with a key
 * pair (requests signed V3 in the browser), the operator's account selector,
 * keyboard use, a phone-sized screen, and snapshot progress updating live.
 */
/** Page-side expressions, as strings: the tests' TypeScript has Node's globals, not the DOM's. */
const IN_PAGE = {
  loadTiming: `(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const bytes = performance.getEntriesByType('resource').reduce((t, r) => t + r.transferSize, nav.transferSize);
    return { load: nav.loadEventEnd, bytes };
  })()`,
  focusedText: `document.activeElement?.textContent?.trim() ?? ''`,
  sidewaysOverflow: `document.documentElement.scrollWidth - window.innerWidth`,
};

let browser: Browser;
const contexts: BrowserContext[] = [];
const consoleHome = () => `${sandbox().endpoint}/console/`;

async function freshPage(viewport = { width: 1280, height: 860 }): Promise<Page> {
  const context = await browser.newContext({ viewport });
  contexts.push(context);
  return context.newPage();
}

async function signIn(page: Page, key: { accessKeyId: string; accessKeySecret: string }): Promise<void> {
  await page.goto(consoleHome());
  await page.getByLabel('AccessKeyId').fill(key.accessKeyId);
  await page.getByLabel('AccessKeySecret').fill(key.accessKeySecret);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
});

describe('the console', () => {
  it('loads in under a second', async () => {
    const page = await freshPage();
    await page.goto(consoleHome(), { waitUntil: 'load' });
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    const timing = await page.evaluate<{ load: number; bytes: number }>(IN_PAGE.loadTiming);
    console.log(`console first load: ${Math.round(timing.load)} ms, ${timing.bytes} bytes`);
    expect(timing.load).toBeGreaterThan(0);
    expect(timing.load).toBeLessThan(1000);
  });

  it("signs an account in with its key pair (requests signed V3 in the browser) and lists that account's instances", async () => {
    const account = await newAccount();
    const launched = (await callAction(account.client, 'RunInstances', {
      RegionId: REGION,
      ImageId: IMAGE,
      InstanceType: TYPE,
      InstanceName: 'signed-in',
    })) as {
      InstanceIdSets: { InstanceIdSet: string[] };
    };
    const page = await freshPage();
    await signIn(page, account);
    const id = launched.InstanceIdSets.InstanceIdSet[0]!;
    await page.locator(`[data-testid=instances] tr[data-id="${id}"]`).waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('account').textContent()).toBe(`key ${account.accessKeyId}`);
  });

  it('refuses a wrong secret with the API error', async () => {
    const page = await freshPage();
    await signIn(page, { accessKeyId: TEST_SETTINGS.defaultAccount.accessKeyId, accessKeySecret: 'wrong' });
    expect(await page.getByTestId('error').textContent()).toContain('SignatureDoesNotMatch');
  });

  it('gives the operator an account selector: a new account opens empty, with the clock panel unlocked', async () => {
    const page = await freshPage();
    await signIn(page, TEST_SETTINGS.admin);
    await page.getByText('Choose an account above.').waitFor();
    await page.getByTestId('clock-now').filter({ hasText: /UTC/ }).waitFor({ timeout: 10_000 });
    await page.getByRole('button', { name: 'New account' }).click();
    await page.getByText(/No instances in /).waitFor({ timeout: 10_000 });
    const chosen = await page.getByLabel('Account', { exact: true }).inputValue();
    expect(chosen).toMatch(/^\d{12}$/);
    // Another account by id: the operator gets it a key and a token through the operator actions.
    await page.getByLabel('Other account id').fill(TEST_SETTINGS.defaultAccount.accountId);
    await page.getByRole('button', { name: 'Open' }).click();
    await expect.poll(() => page.getByLabel('Account', { exact: true }).inputValue(), { timeout: 10_000 }).toBe(TEST_SETTINGS.defaultAccount.accountId);
    await screenshot(page, '7-operator');
  });

  it('is usable with the keyboard: Tab reaches the navigation and the launch button, Esc closes the dialog', async () => {
    const page = await freshPage();
    await signIn(page, TEST_SETTINGS.defaultAccount);
    await page.getByRole('heading', { name: 'Instances' }).waitFor();
    const reached = new Set<string>();
    for (let i = 0; i < 40 && !reached.has('Launch instance'); i++) {
      await page.keyboard.press('Tab');
      reached.add(await page.evaluate<string>(IN_PAGE.focusedText));
    }
    expect(reached).toContain('Billing');
    expect(reached).toContain('Launch instance');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Launch instance' });
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('fits a phone screen without sideways scrolling of the page', async () => {
    const page = await freshPage({ width: 390, height: 844 });
    await signIn(page, TEST_SETTINGS.defaultAccount);
    await page.getByRole('heading', { name: 'Instances' }).waitFor();
    await screenshot(page, '8-phone');
    const overflow = await page.evaluate<number>(IN_PAGE.sidewaysOverflow);
    expect(overflow).toBeLessThanOrEqual(0);
  });

  it('shows snapshot progress live: progressing, then accomplished after the clock moves', async () => {
    const account = await newAccount();
    await callAction(account.client, 'RunInstances', {
      RegionId: REGION,
      ImageId: IMAGE,
      InstanceType: TYPE,
      'DataDisk.1.Size': 40,
      'DataDisk.1.Category': 'cloud_essd',
    });
    const page = await freshPage();
    await signIn(page, TEST_SETTINGS.admin);
    await page.getByLabel('Other account id').fill(account.accountId);
    await page.getByRole('button', { name: 'Open' }).click();
    // Ten sandbox minutes: the instance is Running, so its disk can be snapshotted.
    await page.getByRole('button', { name: '+10 min' }).click();
    await page.getByTestId('jobs-ran').filter({ hasText: 'Jobs ran' }).waitFor({ timeout: 10_000 });
    await page.getByRole('link', { name: 'Disks & snapshots' }).click();
    const dataDisk = page.locator('[data-testid=disks] tr', { hasText: 'data cloud_essd' });
    await dataDisk.getByRole('button', { name: 'Snapshot' }).click();
    const snapshot = page.locator('[data-testid=snapshots] tbody tr[data-id]');
    await snapshot.locator('[data-status=progressing]').waitFor({ timeout: 10_000 });
    await page.getByRole('button', { name: '+1 h' }).click();
    await snapshot.locator('[data-status=accomplished]').waitFor({ timeout: 10_000 });
    expect(await snapshot.textContent()).toContain('100%');
  });
});
