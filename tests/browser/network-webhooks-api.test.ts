import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { callAction, sdkError } from '../support/ecs-client';
import { newAccount, REGION } from '../support/instances';
import { Receiver } from '../support/receiver';
import type { TestAccount } from '../support/sandbox';
import { launchChromium, screenshot } from './support/browser';
import { advance, open, operatorOn, rowOf, screenshotIfFailed } from './support/console-page';

/**
 * More console pages in a real browser, each outcome checked on screen and then
 * through the public API: VPCs and their vSwitches (with the API's refusal to
 * delete a VPC that still has one), webhooks (a test delivery, a failed delivery
 * shown with its error, redelivered once the receiver is back), the API page
 * running actions with a form (an answer, an error, a change), and the event
 * stream that leaves the console's own reads out unless asked.
 */
let browser: Browser;
let page: Page;
let account: TestAccount;
const receiver = new Receiver('console-secret');

type Row = Record<string, any>;
const api = (action: string, params: Record<string, unknown> = {}) => callAction(account.client, action, { RegionId: REGION, ...params }) as Promise<Row>;

beforeAll(async () => {
  account = await newAccount();
  await receiver.up();
  browser = await launchChromium();
  page = await operatorOn(browser, account.accountId);
});
afterEach((ctx) => screenshotIfFailed(page, ctx));
afterAll(async () => {
  await browser?.close();
  await receiver.down();
});

describe('the console, VPCs, webhooks and the API page', () => {
  it('creates a VPC and a vSwitch in it, refuses to delete the VPC while the vSwitch exists, then deletes both', async () => {
    await open(page, 'VPCs & vSwitches', 'VPCs');
    await page.getByLabel('VPC CIDR block').fill('10.8.0.0/16');
    await page.getByLabel('VPC name').fill('console-vpc');
    await page.getByRole('button', { name: 'Create VPC' }).click();
    const vpcRow = page.locator('[data-testid=vpcs] tbody tr[data-id]', { hasText: 'console-vpc' });
    // A new VPC is Pending for a moment of the sandbox clock, then Available (docs/network.md).
    await vpcRow.locator('[data-status=Pending]').waitFor({ timeout: 10_000 });
    await advance(page, '+10 min');
    await vpcRow.locator('[data-status=Available]').waitFor({ timeout: 15_000 });
    const vpcId = (await vpcRow.getAttribute('data-id')) ?? '';
    expect(vpcId).toMatch(/^vpc-/);

    await vpcRow.getByRole('button', { name: 'vSwitches' }).click();
    const switches = page.getByRole('region', { name: `vSwitches of ${vpcId}` });
    const form = switches.getByRole('form', { name: 'Create vSwitch' });
    // The form proposes the first /24 of the VPC's block.
    expect(await form.getByLabel('vSwitch CIDR block').inputValue()).toBe('10.8.0.0/24');
    await form.getByLabel('vSwitch name').fill('console-vsw');
    await expect.poll(() => form.getByLabel('Zone').inputValue(), { timeout: 10_000 }).toMatch(/^cn-hangzhou-/);
    await form.getByRole('button', { name: 'Create vSwitch' }).click();
    const vswRow = switches.locator('tbody tr[data-id]', { hasText: 'console-vsw' });
    await vswRow.waitFor({ timeout: 10_000 });
    await advance(page, '+10 min');
    await vswRow.locator('[data-status=Available]').waitFor({ timeout: 15_000 });
    const vSwitchId = (await vswRow.getAttribute('data-id')) ?? '';
    const described = (await api('DescribeVSwitches', { VpcId: vpcId })).VSwitches.VSwitch as Row[];
    expect(described.map((v) => [v.VSwitchId, v.CidrBlock, v.VSwitchName])).toEqual([[vSwitchId, '10.8.0.0/24', 'console-vsw']]);
    await expect.poll(() => vpcRow.locator('td').nth(3).textContent(), { timeout: 10_000 }).toBe('1');
    await screenshot(page, '11-vpcs');

    // The VPC API refuses while a vSwitch remains: its error beside the button, and the VPC stays.
    await vpcRow.getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => vpcRow.getByRole('alert').textContent(), { timeout: 10_000 }).toMatch(/^DependencyViolation/);
    expect((await api('DescribeVpcs', { VpcId: vpcId })).Vpcs.Vpc).toHaveLength(1);

    await vswRow.getByRole('button', { name: 'Delete' }).click();
    await rowOf(page, vSwitchId).waitFor({ state: 'detached', timeout: 15_000 });
    await vpcRow.getByRole('button', { name: 'Delete' }).click();
    await rowOf(page, vpcId).waitFor({ state: 'detached', timeout: 15_000 });
    expect((await api('DescribeVpcs', { VpcId: vpcId })).Vpcs.Vpc).toEqual([]);
    expect((await api('DescribeVSwitches', { VSwitchId: vSwitchId })).VSwitches.VSwitch).toEqual([]);
  });

  it('creates a webhook, tests it, shows a failed delivery with its error, and redelivers it once the receiver is back', async () => {
    await open(page, 'Webhooks', 'Webhooks');
    await page.getByLabel('URL').fill(receiver.url);
    await page.getByLabel('Event names (comma separated, * wildcards)').fill('SecurityGroup.*');
    await page.getByLabel('Secret').fill('console-secret');
    await page.getByRole('button', { name: 'Create webhook' }).click();
    const hookRow = page.locator('tbody tr[data-id]', { hasText: receiver.url });
    await hookRow.waitFor({ timeout: 10_000 });
    const webhookId = (await hookRow.getAttribute('data-id')) ?? '';
    expect((await api('DescribeWebhooks')).Webhooks.Webhook.map((h: Row) => h.Url)).toEqual([receiver.url]);

    await hookRow.getByRole('button', { name: 'Test' }).click();
    await expect.poll(() => receiver.names(webhookId), { timeout: 10_000 }).toEqual(['Webhook.Test']);
    expect(receiver.deliveries[0]!.signatureValid).toBe(true);
    await hookRow.getByRole('button', { name: 'Deliveries' }).click();
    const deliveries = page.getByRole('region', { name: `Deliveries of ${webhookId}` });
    await deliveries.locator('tbody tr', { hasText: 'Webhook.Test' }).locator('[data-status=Delivered]').waitFor({ timeout: 10_000 });

    // The receiver is down when a security group is created: the delivery fails and the page says why.
    await receiver.down();
    const groupId = String((await api('CreateSecurityGroup', { SecurityGroupName: 'hooked' })).SecurityGroupId);
    const failed = deliveries.locator('tbody tr', { hasText: 'SecurityGroup.' });
    await failed.locator('[data-status=Pending], [data-status=Dead]').waitFor({ timeout: 30_000 });
    await expect.poll(async () => (await failed.locator('td').nth(3).textContent()) ?? '', { timeout: 30_000 }).not.toBe('—');
    const eventId = (await failed.getAttribute('data-id')) ?? '';
    await screenshot(page, '12-webhook-deliveries');

    await receiver.up();
    await failed.getByRole('button', { name: 'Redeliver' }).click();
    await failed.locator('[data-status=Delivered]').waitFor({ timeout: 15_000 });
    const got = receiver.deliveries.filter((d) => d.eventId === eventId);
    expect(got.length).toBeGreaterThanOrEqual(1);
    expect(got.every((d) => d.signatureValid && d.body.ResourceId === groupId)).toBe(true);
    // Redeliver on a delivered event sends it again (the retry schedule never would): another signed POST.
    await failed.getByRole('button', { name: 'Redeliver' }).click();
    await expect.poll(() => receiver.deliveries.filter((d) => d.eventId === eventId).length, { timeout: 15_000 }).toBeGreaterThan(got.length);
    const logged = (await api('DescribeWebhookDeliveries', { WebhookId: webhookId })).Deliveries.Delivery as Row[];
    expect(logged.find((d) => d.EventId === eventId)).toMatchObject({ Status: 'Delivered' });

    await hookRow.getByRole('button', { name: 'Delete' }).click();
    await hookRow.waitFor({ state: 'detached', timeout: 10_000 });
    expect((await api('DescribeWebhooks')).Webhooks.Webhook).toEqual([]);
  });

  it('runs actions from the API page: an answer, the API error as it came back, and a change the API then shows', async () => {
    await open(page, 'API', 'API');
    await page.getByLabel('Filter actions').fill('SecurityGroupAttribute');
    await page.getByTestId('api-actions').getByRole('link', { name: 'DescribeSecurityGroupAttribute', exact: true }).click();
    const form = page.getByRole('form', { name: 'Run DescribeSecurityGroupAttribute' });
    expect(await form.locator('[name=RegionId]').inputValue()).toBe(REGION);
    await form.locator('[name=SecurityGroupId]').fill('sg-doesnotexist000');
    await form.getByRole('button', { name: 'Run DescribeSecurityGroupAttribute' }).click();
    const answer = page.getByTestId('api-answer');
    await answer.locator('pre').waitFor({ timeout: 10_000 });
    const refused = JSON.parse((await answer.textContent()) ?? '{}') as Row;
    const direct = await sdkError(api('DescribeSecurityGroupAttribute', { SecurityGroupId: 'sg-doesnotexist000' }));
    expect(refused).toMatchObject({ HttpStatus: direct.statusCode, Code: direct.code });
    expect(refused.RequestId).toMatch(/\S/);

    await page.getByLabel('Filter actions').fill('CreateSecurityGroup');
    await page.getByTestId('api-actions').getByRole('link', { name: 'CreateSecurityGroup', exact: true }).click();
    const create = page.getByRole('form', { name: 'Run CreateSecurityGroup' });
    await create.locator('[name=SecurityGroupName]').fill('from-api-page');
    await create.getByRole('button', { name: 'Run CreateSecurityGroup' }).click();
    await answer.locator('pre', { hasText: 'SecurityGroupId' }).waitFor({ timeout: 10_000 });
    const created = JSON.parse((await answer.textContent()) ?? '{}') as Row;
    expect(created.SecurityGroupId).toMatch(/^sg-/);
    await screenshot(page, '13-api-page');
    const groups = (await api('DescribeSecurityGroups', { SecurityGroupIds: JSON.stringify([created.SecurityGroupId]) })).SecurityGroups.SecurityGroup as Row[];
    expect(groups.map((g) => g.SecurityGroupName)).toEqual(['from-api-page']);

    // The event stream lists the change; the reads (the failed Describe, the console's polls) only when asked.
    await open(page, 'Events', 'Events');
    const timeline = page.getByTestId('timeline');
    await timeline.locator('li', { hasText: 'CreateSecurityGroup' }).first().waitFor({ timeout: 10_000 });
    expect(await timeline.locator('li', { hasText: 'DescribeSecurityGroupAttribute' }).count()).toBe(0);
    await page.getByLabel('Show read-only API calls').check();
    await timeline.locator('li', { hasText: 'DescribeSecurityGroupAttribute' }).first().waitFor({ timeout: 10_000 });
  });
});
