import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandbox } from '../support/sandbox';
import { TEST_SETTINGS } from '../support/settings';
import { launchChromium, recordForeignRequests, screenshot } from './support/browser';

/**
 * The release guide in the web console, in a real browser: open the banner's
 * link, launch an instance, watch it reach Running, enable release protection,
 * try to release it and see the API's error, set an auto-release time, advance
 * the sandbox clock, see it released and its kept data disk still charging.
 * Time moves only through the console's clock panel; waits are bounded polls.
 */
let browser: Browser;
let page: Page;
let foreign: string[];

beforeAll(async () => {
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  foreign = recordForeignRequests(page, new URL(sandbox().endpoint).origin);
});
afterAll(async () => {
  await browser?.close();
});

const row = (id: string) => page.locator(`[data-testid=instances] tr[data-id="${id}"]`);

describe('the console, release flow', () => {
  let instanceId = '';

  it('signs the default account in from the banner link and removes the token from the address bar', async () => {
    await page.goto(sandbox().consoleUrl);
    await page.getByRole('heading', { name: 'Instances' }).waitFor({ timeout: 15_000 });
    expect(page.url()).not.toContain('token=');
    expect(await page.getByTestId('account').textContent()).toBe(TEST_SETTINGS.defaultAccount.accountId);
  });

  it('unlocks the clock panel with the operator key', async () => {
    await page.getByLabel('Operator AccessKeyId').fill(TEST_SETTINGS.admin.accessKeyId);
    await page.getByLabel('Operator AccessKeySecret').fill(TEST_SETTINGS.admin.accessKeySecret);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page
      .getByTestId('clock-now')
      .filter({ hasText: /\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/ })
      .waitFor({ timeout: 10_000 });
  });

  it('launches an instance with a kept data disk and shows it reach Running without a reload', async () => {
    await page.getByRole('button', { name: 'Launch instance' }).click();
    const dialog = page.getByRole('dialog', { name: 'Launch instance' });
    await dialog.getByLabel('Name').fill('browser-demo');
    await dialog.getByLabel('Data disk GiB (0: none)').fill('20');
    expect(await dialog.getByLabel('Release the data disk with the instance').isChecked()).toBe(false);
    await dialog.getByRole('button', { name: 'Launch' }).click();
    await dialog.waitFor({ state: 'detached', timeout: 15_000 });
    const created = page.locator('[data-testid=instances] tr[data-id]', { hasText: 'browser-demo' });
    await created.waitFor({ timeout: 10_000 });
    instanceId = (await created.getAttribute('data-id')) ?? '';
    expect(instanceId).toMatch(/^i-/);
    await screenshot(page, '1-launched');
    // Ten sandbox minutes settle Pending → Starting → Running; the list polls and shows it.
    const navigations: string[] = [];
    page.on('framenavigated', (f) => navigations.push(f.url()));
    await page.getByRole('button', { name: '+10 min' }).click();
    await row(instanceId).locator('[data-status=Running]').waitFor({ timeout: 10_000 });
    expect(navigations.filter((u) => !u.includes('#'))).toEqual([]);
    await screenshot(page, '2-running');
  });

  it('enables release protection, and the release dialog shows the API error and what would go and stay', async () => {
    await row(instanceId).getByRole('link', { name: instanceId }).click();
    await page.getByRole('button', { name: 'Enable release protection' }).click();
    await page.getByTestId('protection').filter({ hasText: 'On' }).waitFor({ timeout: 10_000 });
    await page.getByRole('button', { name: 'Release…' }).click();
    const dialog = page.getByRole('dialog', { name: `Release ${instanceId}` });
    const goes = dialog.getByTestId('goes');
    const stays = dialog.getByTestId('stays');
    await goes.getByText('system disk').waitFor({ timeout: 10_000 });
    expect(await goes.textContent()).toContain('Public IP');
    expect(await stays.textContent()).toMatch(/data disk, 20 GiB .*keeps charging/);
    await dialog.getByRole('button', { name: 'Release now' }).click();
    const error = dialog.getByTestId('error');
    await error.waitFor({ timeout: 10_000 });
    expect(await error.textContent()).toContain('InvalidOperation.DeletionProtection');
    await screenshot(page, '3-release-protected');
  });

  it('sets an auto-release time (protection does not stop it) and the clock releases the instance', async () => {
    const dialog = page.getByRole('dialog', { name: `Release ${instanceId}` });
    await dialog.getByLabel('Release at a time (auto-release)').check();
    await dialog.getByRole('button', { name: 'Set release time' }).click();
    await dialog.getByRole('status').filter({ hasText: 'will be released at' }).waitFor({ timeout: 10_000 });
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
    await page
      .getByTestId('auto-release')
      .filter({ hasText: /\d{4}-\d\d-\d\dT\d\d:\d\dZ/ })
      .waitFor({ timeout: 10_000 });
    await screenshot(page, '4-auto-release-set');
    await page.getByRole('button', { name: '+1 day' }).click();
    await page.getByTestId('released').waitFor({ timeout: 15_000 });
    await page.getByTestId('timeline').getByText('Instance.Released').first().waitFor({ timeout: 15_000 });
    await screenshot(page, '5-released');
  });

  it('lists the kept data disk as still charging after release on the billing page', async () => {
    await page.getByRole('link', { name: 'Billing' }).click();
    await page.getByLabel('Only what is still charging after its instance was released').check();
    const charging = page.getByTestId('charges').locator('tr', { hasText: `${instanceId} (released)` });
    await charging.first().waitFor({ timeout: 15_000 });
    expect(await charging.first().textContent()).toContain('still charging after release');
    expect(await page.getByTestId('still-charging').textContent()).toContain(instanceId);
    await screenshot(page, '6-still-charging');
  });

  it('made no request outside the sandbox', () => {
    expect(foreign).toEqual([]);
  });
});
