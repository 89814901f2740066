import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { callAction } from '../support/ecs-client';
import { launchRunning, newAccount, REGION } from '../support/instances';
import type { TestAccount } from '../support/sandbox';
import { launchChromium, screenshot } from './support/browser';
import { advance, durationsProfile, open, operatorOn, rowOf, sshRsaMd5Fingerprint, screenshotIfFailed } from './support/console-page';

/**
 * The console's resource pages in a real browser, each change made by clicking
 * and then checked twice: on screen, and through the public API with the SDK.
 * Images (create with progress, copy, share, the API's refusal to delete a
 * shared image, disable, enable, delete), security groups and their rule
 * editor, key pairs (the private key downloaded once), EIPs, disks (detach,
 * attach), and the durations profile of the clock panel.
 */
let browser: Browser;
let page: Page;
let account: TestAccount;
let instanceId = '';
let freshInstanceId = '';

type Row = Record<string, any>;
const api = (action: string, params: Record<string, unknown> = {}) => callAction(account.client, action, { RegionId: REGION, ...params }) as Promise<Row>;
const alertIn = (scope: ReturnType<Page['locator']>) => scope.getByRole('alert');

beforeAll(async () => {
  account = await newAccount();
  // No static public IP (an EIP could not be associated), and a data disk that stays when the instance goes.
  instanceId = await launchRunning(account, { internetMaxBandwidthOut: 0, dataDisk: [{ size: 40, category: 'cloud_essd', deleteWithInstance: false }] });
  // A second instance whose disks were never snapshotted: their first snapshots are full (40 GiB each).
  freshInstanceId = await launchRunning(account, { internetMaxBandwidthOut: 0, dataDisk: [{ size: 40, category: 'cloud_essd' }] });
  browser = await launchChromium();
  page = await operatorOn(browser, account.accountId);
});
afterEach((ctx) => screenshotIfFailed(page, ctx));
afterAll(async () => {
  await browser?.close();
});

describe('the console, resource pages', () => {
  it('creates an image from an instance, showing its progress, then copies, shares, disables, enables and deletes it', async () => {
    await open(page, 'Images', 'Images');
    await page.getByLabel('From instance').fill(instanceId);
    await page.getByLabel('Image name').fill('console-image');
    await page.getByRole('button', { name: 'Create image' }).click();
    const row = page.locator('tbody tr[data-id]', { hasText: 'console-image' });
    // The tests' sandbox runs the realistic durations: a build takes a sandbox minute per GiB.
    await row.locator('[data-status=Creating], [data-status=Waiting]').waitFor({ timeout: 10_000 });
    const imageId = (await row.getAttribute('data-id')) ?? '';
    expect(imageId).toMatch(/^m-/);
    const progress = Number(await row.locator('progress').getAttribute('value'));
    expect(progress).toBeLessThan(100);
    await screenshot(page, '9-image-building');
    await advance(page, '+10 min');
    await expect.poll(async () => Number(await row.locator('progress').getAttribute('value')), { timeout: 10_000 }).toBeGreaterThan(progress);
    expect(await row.locator('[data-status=Creating]').count()).toBe(1);
    // The image holds both disks (80 GiB): 80 sandbox minutes at 60 s per GiB.
    await advance(page, '+1 day');
    await row.locator('[data-status=Available]').waitFor({ timeout: 10_000 });
    expect(await row.textContent()).toContain('100%');

    const target = row.getByLabel(`Region or account for ${imageId}`);
    await target.fill('cn-shanghai');
    await row.getByRole('button', { name: 'Copy to region' }).click();
    const copies = async () =>
      ((await api('DescribeImages', { RegionId: 'cn-shanghai', ImageOwnerAlias: 'self', Status: 'Creating,Waiting,Available' })).Images.Image as Row[]).length;
    await expect.poll(copies, { timeout: 10_000 }).toBe(1);
    await advance(page, '+1 day');

    const other = await newAccount();
    await target.fill(other.accountId);
    await row.getByRole('button', { name: 'Share with account' }).click();
    await expect
      .poll(async () => (await api('DescribeImageSharePermission', { ImageId: imageId })).Accounts.Account.map((a: Row) => a.AliyunId), { timeout: 10_000 })
      .toEqual([other.accountId]);

    // A shared image is not deleted without Force: the API's own error, and the image stays.
    await row.getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => alertIn(row).textContent(), { timeout: 10_000 }).toContain('ImageUseShared');
    expect((await api('DescribeImages', { ImageId: imageId })).Images.Image).toHaveLength(1);

    // Disabling hides it from launches and ends its shares; the page still lists it (UnAvailable) so it can be enabled.
    await row.getByRole('button', { name: 'Disable' }).click();
    await row.locator('[data-status=UnAvailable]').waitFor({ timeout: 10_000 });
    expect((await api('DescribeImageSharePermission', { ImageId: imageId })).Accounts.Account).toEqual([]);
    await row.getByRole('button', { name: 'Enable' }).click();
    await row.locator('[data-status=Available]').waitFor({ timeout: 10_000 });

    await row.getByRole('button', { name: 'Delete' }).click();
    await rowOf(page, imageId).waitFor({ state: 'detached', timeout: 10_000 });
    expect(
      (await api('DescribeImages', { ImageId: imageId, Status: 'Creating,Waiting,Available,UnAvailable,CreateFailed,Deprecated', IncludeDisabled: true }))
        .Images.Image,
    ).toEqual([]);
  });

  it('creates a security group, adds and removes rules in the rule editor, shows a refused rule, deletes the group', async () => {
    await open(page, 'Security groups', 'Security groups');
    await page.getByLabel('Security group name').fill('console-sg');
    await page.getByRole('button', { name: 'Create security group' }).click();
    const row = page.locator('tbody tr[data-id]', { hasText: 'console-sg' });
    await row.waitFor({ timeout: 10_000 });
    const groupId = (await row.getAttribute('data-id')) ?? '';
    await row.getByRole('button', { name: 'Rules' }).click();
    const editor = page.getByRole('region', { name: `Rules of ${groupId}` });
    const form = editor.getByRole('form', { name: 'Add rule' });

    await form.getByLabel('Port range').fill('22/22');
    await form.getByRole('button', { name: 'Add rule' }).click();
    const ingress = editor.locator('tbody tr', { hasText: '22/22' });
    await ingress.waitFor({ timeout: 10_000 });

    await form.getByLabel('Direction').selectOption('egress');
    await form.getByLabel('Protocol').selectOption('udp');
    await form.getByLabel('Port range').fill('53/53');
    await form.getByLabel('CIDR').fill('10.0.0.0/8');
    await form.getByLabel('Policy').selectOption('drop');
    await form.getByLabel('Priority').fill('5');
    await form.getByRole('button', { name: 'Add rule' }).click();
    const egress = editor.locator('tbody tr', { hasText: '53/53' });
    await egress.waitFor({ timeout: 10_000 });
    expect((await egress.textContent())?.toLowerCase()).toContain('drop');
    await screenshot(page, '10-security-group-rules');

    const rules = async () =>
      ((await api('DescribeSecurityGroupAttribute', { SecurityGroupId: groupId })).Permissions.Permission as Row[])
        .map((r) => `${r.Direction} ${r.IpProtocol} ${r.PortRange} ${r.SourceCidrIp || r.DestCidrIp} ${r.Policy} ${r.Priority}`.toLowerCase())
        .sort();
    expect(await rules()).toEqual(['egress udp 53/53 10.0.0.0/8 drop 5', 'ingress tcp 22/22 0.0.0.0/0 accept 1']);

    // A port range the API refuses: its error on screen, and nothing added.
    await form.getByLabel('Direction').selectOption('ingress');
    await form.getByLabel('Protocol').selectOption('tcp');
    await form.getByLabel('Port range').fill('80/22');
    await form.getByRole('button', { name: 'Add rule' }).click();
    await expect.poll(() => alertIn(form).textContent(), { timeout: 10_000 }).toMatch(/^InvalidIpPortRange\.Malformed:/);
    expect(await rules()).toHaveLength(2);

    await ingress.getByRole('button', { name: 'Remove' }).click();
    await ingress.waitFor({ state: 'detached', timeout: 10_000 });
    expect(await rules()).toEqual(['egress udp 53/53 10.0.0.0/8 drop 5']);

    await row.getByRole('button', { name: 'Delete' }).click();
    await rowOf(page, groupId).waitFor({ state: 'detached', timeout: 10_000 });
    const groups = (await api('DescribeSecurityGroups', { SecurityGroupIds: JSON.stringify([groupId]) })).SecurityGroups.SecurityGroup as Row[];
    expect(groups).toEqual([]);
  });

  it('creates a key pair and offers its private key for download once; the key matches the listed fingerprint', async () => {
    await open(page, 'Key pairs', 'Key pairs');
    await page.getByLabel('Key pair name').fill('console-key');
    await page.getByRole('button', { name: 'Create key pair' }).click();
    const dialog = page.getByRole('dialog', { name: 'Private key of console-key' });
    await dialog.waitFor({ timeout: 10_000 });
    const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('link', { name: 'Download console-key.pem' }).click()]);
    expect(download.suggestedFilename()).toBe('console-key.pem');
    const pem = readFileSync(await download.path(), 'utf8');
    expect(pem).toMatch(/^-----BEGIN (RSA )?PRIVATE KEY-----/);

    const row = rowOf(page, 'console-key');
    await row.waitFor({ timeout: 10_000 });
    const listed = (await api('DescribeKeyPairs', { KeyPairName: 'console-key' })).KeyPairs.KeyPair as Row[];
    expect(listed).toHaveLength(1);
    expect(listed[0]!.KeyPairFingerPrint).toBe(sshRsaMd5Fingerprint(pem));
    expect(await row.textContent()).toContain(sshRsaMd5Fingerprint(pem));
    expect(JSON.stringify(listed[0])).not.toContain('PRIVATE KEY');

    // Closed, the dialog forgets the key: nothing on the page offers it again.
    await dialog.getByRole('button', { name: 'Close dialog' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await page.getByRole('link', { name: /Download .*\.pem/ }).count()).toBe(0);

    await row.getByRole('button', { name: 'Delete' }).click();
    await row.waitFor({ state: 'detached', timeout: 10_000 });
    expect((await api('DescribeKeyPairs', { KeyPairName: 'console-key' })).KeyPairs.KeyPair).toEqual([]);
  });

  it('allocates an EIP, associates it with the instance, unassociates and releases it', async () => {
    await open(page, 'EIPs', 'Elastic IP addresses');
    await page.getByRole('button', { name: 'Allocate EIP' }).click();
    const row = page.locator('tbody tr[data-id^="eip-"]');
    await row.waitFor({ timeout: 10_000 });
    const allocationId = (await row.getAttribute('data-id')) ?? '';
    await row.locator('[data-status=Available]').waitFor();

    await row.getByLabel(`Instance for ${allocationId}`).fill(instanceId);
    await row.getByRole('button', { name: 'Associate' }).click();
    await row.getByRole('link', { name: instanceId }).waitFor({ timeout: 10_000 });
    await row.locator('[data-status=InUse]').waitFor({ timeout: 10_000 });
    const described = async () => ((await api('DescribeEipAddresses', { AllocationId: allocationId })).EipAddresses.EipAddress as Row[])[0];
    expect((await described())?.InstanceId).toBe(instanceId);

    await row.getByRole('button', { name: 'Unassociate' }).click();
    await row.locator('[data-status=Available]').waitFor({ timeout: 10_000 });
    expect((await described())?.InstanceId).toBe('');

    await row.getByRole('button', { name: 'Release' }).click();
    await row.waitFor({ state: 'detached', timeout: 10_000 });
    expect(await described()).toBeUndefined();
  });

  it('detaches the kept data disk and attaches it again', async () => {
    await open(page, 'Disks & snapshots', 'Disks');
    const ownDisks = (await api('DescribeDisks', { InstanceId: instanceId })).Disks.Disk as Row[];
    const diskId = String(ownDisks.find((d) => d.Type === 'data')!.DiskId);
    const row = rowOf(page, diskId);
    await row.waitFor({ timeout: 10_000 });
    const disk = async () => ((await api('DescribeDisks', { DiskIds: JSON.stringify([diskId]) })).Disks.Disk as Row[])[0]!;

    await row.getByRole('button', { name: 'Detach' }).click();
    await advance(page, '+10 min');
    await row.locator('[data-status=Available]').waitFor({ timeout: 10_000 });
    expect(await row.textContent()).not.toContain(instanceId);
    expect(await disk()).toMatchObject({ Status: 'Available', InstanceId: '' });

    // Attached again while the instance is stopped (the one state every attach rule accepts).
    await api('StopInstance', { InstanceId: instanceId });
    await advance(page, '+10 min');
    await row.getByLabel(`Instance to attach ${diskId} to`).fill(instanceId);
    await row.getByRole('button', { name: 'Attach' }).click();
    await advance(page, '+10 min');
    await row.locator('[data-status=In_use]').waitFor({ timeout: 10_000 });
    await row.getByRole('link', { name: instanceId }).waitFor();
    expect(await disk()).toMatchObject({ Status: 'In_use', InstanceId: instanceId });
  });

  it('switches the durations profile in the clock panel: work started after the switch takes the new figures', async () => {
    const clock = page.getByRole('region', { name: 'Sandbox clock' });
    const text = () => clock.getByTestId('durations').textContent();
    // The tests' sandbox starts realistic: a 40 GiB snapshot takes 40 sandbox minutes at 60 s per GiB.
    await expect.poll(text, { timeout: 10_000 }).toContain('snapshots 60 s/GiB');
    await open(page, 'Disks & snapshots', 'Disks');
    const snapshotOf = async (diskRow: ReturnType<Page['locator']>) => {
      const before = new Set(await page.locator('[data-testid=snapshots] tbody tr[data-id]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id'))));
      await diskRow.getByRole('button', { name: 'Snapshot' }).click();
      let id = '';
      await expect
        .poll(
          async () => {
            const ids = await page.locator('[data-testid=snapshots] tbody tr[data-id]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id') ?? ''));
            id = ids.find((x) => !before.has(x)) ?? '';
            return id;
          },
          { timeout: 10_000 },
        )
        .toMatch(/^s-/);
      return id;
    };
    const state = async (id: string) => ((await api('DescribeSnapshots', { SnapshotIds: JSON.stringify([id]) })).Snapshots.Snapshot as Row[])[0]!;
    const fresh = (await api('DescribeDisks', { InstanceId: freshInstanceId })).Disks.Disk as Row[];
    const diskOf = (type: string) => rowOf(page, String(fresh.find((d) => d.Type === type)!.DiskId));
    const slow = await snapshotOf(diskOf('data'));

    await clock.getByRole('radio', { name: 'quick' }).click();
    await expect.poll(durationsProfile, { timeout: 10_000 }).toBe('quick');
    await expect.poll(text, { timeout: 10_000 }).toContain('snapshots 0.5 s/GiB');
    try {
      const quick = await snapshotOf(diskOf('system'));
      // Ten sandbox minutes: the quick one (about 20 s at 0.5 s per GiB) is done, the realistic one a quarter of the way.
      await advance(page, '+10 min');
      await rowOf(page, quick).locator('[data-status=accomplished]').waitFor({ timeout: 10_000 });
      expect((await state(quick)).Status).toBe('accomplished');
      const earlier = await state(slow);
      expect(earlier.Status).toBe('progressing');
      expect(parseInt(String(earlier.Progress), 10)).toBeGreaterThanOrEqual(20);
      expect(parseInt(String(earlier.Progress), 10)).toBeLessThan(40);
      await rowOf(page, slow).locator('[data-status=progressing]').waitFor();
    } finally {
      await clock.getByRole('radio', { name: 'realistic' }).click();
      await expect.poll(durationsProfile, { timeout: 10_000 }).toBe('realistic');
    }
    await advance(page, '+1 h');
    await rowOf(page, slow).locator('[data-status=accomplished]').waitFor({ timeout: 10_000 });
  });
  it('creates an automatic snapshot policy, applies it to a disk, cancels it and deletes the policy', async () => {
    await open(page, 'Disks & snapshots', 'Disks');
    const form = page.getByRole('form', { name: 'New automatic snapshot policy' });
    await form.getByLabel('Policy name').fill('console-nightly');
    await form.getByLabel('Time points (JSON)').fill('["3"]');
    await form.getByLabel('Retention days').fill('3');
    await form.getByRole('button', { name: 'Create policy' }).click();
    const row = page.locator('tr', { hasText: 'console-nightly' });
    await row.waitFor({ timeout: 10_000 });
    const policies = async () => (await api('DescribeAutoSnapshotPolicyEx')).AutoSnapshotPolicies.AutoSnapshotPolicy as Row[];
    const policy = (await policies()).find((x) => x.AutoSnapshotPolicyName === 'console-nightly')!;
    expect(policy).toMatchObject({ RetentionDays: 3 });
    expect(JSON.parse(String(policy.TimePoints))).toEqual(['3']);

    const diskId = String(((await api('DescribeDisks', { InstanceId: freshInstanceId, DiskType: 'system' })).Disks.Disk as Row[])[0]!.DiskId);
    const policyOf = async () => ((await api('DescribeDisks', { DiskIds: JSON.stringify([diskId]) })).Disks.Disk as Row[])[0]!.AutoSnapshotPolicyId;
    await row.getByLabel(`Disk to apply ${String(policy.AutoSnapshotPolicyId)} to`).selectOption(diskId);
    await row.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(policyOf, { timeout: 10_000 }).toBe(policy.AutoSnapshotPolicyId);
    await expect.poll(() => rowOf(page, diskId).textContent(), { timeout: 10_000 }).toContain(String(policy.AutoSnapshotPolicyId));

    await row.getByRole('button', { name: 'Cancel on disk' }).click();
    await expect.poll(policyOf, { timeout: 10_000 }).toBe('');
    await row.getByRole('button', { name: 'Delete' }).click();
    await row.waitFor({ state: 'detached', timeout: 10_000 });
    expect((await policies()).some((x) => x.AutoSnapshotPolicyId === policy.AutoSnapshotPolicyId)).toBe(false);
  });
});
