import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { callAction, Ecs, ecsClient, sdkError } from '../support/ecs-client';
import { newAccount, operatorClient, sandbox } from '../support/sandbox';
import { TEST_SETTINGS } from '../support/settings';

/**
 * The ECS RPC front door driven by the official SDK, unmodified: both
 * signature versions, the catalogue, and every authentication failure with
 * its real code and HTTP status.
 */
describe('ECS front door with the official SDK', () => {
  afterEach(() => vi.useRealTimers());

  for (const signing of ['v3', 'v1'] as const) {
    it(`answers DescribeRegions signed with ${signing}`, async () => {
      const client = ecsClient(sandbox().endpoint, TEST_SETTINGS.defaultAccount, signing);
      const res = await client.describeRegions(new Ecs.DescribeRegionsRequest({ acceptLanguage: 'en-US' }));
      expect(res.statusCode).toBe(200);
      const ids = res.body!.regions!.region!.map((r) => r.regionId);
      expect(ids).toContain('cn-hangzhou');
      expect(res.body!.requestId).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/);
      const hz = res.body!.regions!.region!.find((r) => r.regionId === 'cn-hangzhou')!;
      expect(hz.regionEndpoint).toBe('ecs.cn-hangzhou.aliyuncs.com');
      expect(hz.localName).toBe('China (Hangzhou)');
    });
  }

  it('answers DescribeZones, DescribeInstanceTypes and DescribeImages (system images)', async () => {
    const { client } = await newAccount();
    const zones = await client.describeZones(new Ecs.DescribeZonesRequest({ regionId: 'cn-hangzhou' }));
    const zoneIds = zones.body!.zones!.zone!.map((z) => z.zoneId);
    expect(zoneIds.length).toBeGreaterThanOrEqual(2);
    expect(zones.body!.zones!.zone![0]!.availableInstanceTypes!.instanceTypes!.length).toBeGreaterThan(0);

    const types = await client.describeInstanceTypes(new Ecs.DescribeInstanceTypesRequest({ instanceTypes: ['ecs.s2.large', 'ecs.g7.large'] }));
    const byId = new Map(types.body!.instanceTypes!.instanceType!.map((t) => [t.instanceTypeId, t]));
    expect(byId.get('ecs.s2.large')).toMatchObject({ cpuCoreCount: 2, memorySize: 4 });
    expect(byId.get('ecs.g7.large')).toMatchObject({ cpuCoreCount: 2, memorySize: 8 });

    const images = await client.describeImages(new Ecs.DescribeImagesRequest({ regionId: 'cn-hangzhou', imageOwnerAlias: 'system', pageSize: 100 }));
    const list = images.body!.images!.image!;
    expect(images.body!.totalCount).toBe(list.length);
    expect(list.every((i) => i.imageOwnerAlias === 'system' && i.status === 'Available')).toBe(true);
    const names = list.map((i) => i.OSNameEn ?? i.osNameEn).join(' ');
    for (const os of ['Alibaba Cloud Linux', 'CentOS', 'Ubuntu', 'Debian', 'Windows Server']) expect(names).toContain(os);
    expect(list.some((i) => i.architecture === 'i386')).toBe(true);
  });

  it('refuses a wrong secret with SignatureDoesNotMatch (400), for both signature versions', async () => {
    for (const signing of ['v3', 'v1'] as const) {
      const client = ecsClient(sandbox().endpoint, { ...TEST_SETTINGS.defaultAccount, accessKeySecret: 'wrong' }, signing);
      const err = await sdkError(client.describeRegions(new Ecs.DescribeRegionsRequest({})));
      expect(err).toMatchObject({ code: 'SignatureDoesNotMatch', statusCode: 400 });
    }
  });

  it('refuses an unknown key with InvalidAccessKeyId.NotFound (404)', async () => {
    const client = ecsClient(sandbox().endpoint, { accessKeyId: 'LTAInobodyhasthiskey', accessKeySecret: 'x' });
    const err = await sdkError(client.describeRegions(new Ecs.DescribeRegionsRequest({})));
    expect(err).toMatchObject({ code: 'InvalidAccessKeyId.NotFound', statusCode: 404 });
  });

  it('refuses a timestamp more than 15 minutes old with InvalidTimeStamp.Expired (400)', async () => {
    for (const signing of ['v3', 'v1'] as const) {
      const client = ecsClient(sandbox().endpoint, TEST_SETTINGS.defaultAccount, signing);
      // Only Date is faked: the SDK signs with a clock 16 minutes slow, the network runs normally.
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(Date.now() - 16 * 60 * 1000);
      const err = await sdkError(client.describeRegions(new Ecs.DescribeRegionsRequest({})));
      vi.useRealTimers();
      expect(err).toMatchObject({ code: 'InvalidTimeStamp.Expired', statusCode: 400 });
    }
  });

  it('refuses a replayed request with SignatureNonceUsed (400)', async () => {
    // Capture one real SDK request, then send the identical bytes to the sandbox twice.
    const captured = await captureSdkRequest();
    const url = `${sandbox().endpoint}${captured.url}`;
    const headers = { ...captured.headers, host: new URL(sandbox().endpoint).host };
    const first = await fetch(url, { method: captured.method, headers });
    expect(first.status).toBe(200);
    const second = await fetch(url, { method: captured.method, headers });
    expect(second.status).toBe(400);
    expect(((await second.json()) as { Code: string }).Code).toBe('SignatureNonceUsed');
  });

  it('refuses a call that a key policy denies with Forbidden.RAM (403), and allows the rest', async () => {
    const account = await newAccount();
    const key = (await callAction(operatorClient(), 'CreateAccessKey', { AccountId: account.accountId })) as {
      AccessKeyId: string;
      AccessKeySecret: string;
    };
    await callAction(operatorClient(), 'PutAccessKeyPolicy', {
      AccessKeyId: key.AccessKeyId,
      PolicyDocument: JSON.stringify({
        Statement: [
          { Effect: 'Allow', Action: ['ecs:Describe*'] },
          { Effect: 'Deny', Action: ['ecs:DescribeRegions'] },
        ],
      }),
    });
    const restricted = ecsClient(sandbox().endpoint, { accessKeyId: key.AccessKeyId, accessKeySecret: key.AccessKeySecret });
    const err = await sdkError(restricted.describeRegions(new Ecs.DescribeRegionsRequest({})));
    expect(err).toMatchObject({ code: 'Forbidden.RAM', statusCode: 403 });
    const zones = await restricted.describeZones(new Ecs.DescribeZonesRequest({ regionId: 'cn-hangzhou' }));
    expect(zones.statusCode).toBe(200);
    // The account's first key has no policy: full access within the account.
    expect((await account.client.describeRegions(new Ecs.DescribeRegionsRequest({}))).statusCode).toBe(200);
  });

  it('keeps operator actions to the operator key', async () => {
    const err = await sdkError(callAction(ecsClient(sandbox().endpoint, TEST_SETTINGS.defaultAccount), 'CreateAccount'));
    expect(err).toMatchObject({ code: 'Forbidden.RAM', statusCode: 403 });
    const clock = await callAction(operatorClient('v1'), 'DescribeSandboxClock');
    expect(typeof clock.OffsetSeconds).toBe('number');
    expect(Date.parse(String(clock.Now))).toBeGreaterThan(0);
  });

  it('answers an unknown action with InvalidApi.NotFound (404), a missing parameter with MissingParameter (400)', async () => {
    const client = ecsClient(sandbox().endpoint, TEST_SETTINGS.defaultAccount);
    expect(await sdkError(callAction(client, 'LaunchRocket'))).toMatchObject({ code: 'InvalidApi.NotFound', statusCode: 404 });
    const missing = await sdkError(client.describeZones(new Ecs.DescribeZonesRequest({})));
    expect(missing).toMatchObject({ code: 'MissingParameter', statusCode: 400 });
    expect(missing.message).toContain('RegionId');
    const bad = await sdkError(client.describeImages(new Ecs.DescribeImagesRequest({ regionId: 'cn-hangzhou', pageSize: 500 })));
    expect(bad).toMatchObject({ code: 'InvalidParameter', statusCode: 400 });
    const region = await sdkError(client.describeZones(new Ecs.DescribeZonesRequest({ regionId: 'mars-north-1' })));
    expect(region).toMatchObject({ code: 'InvalidRegionId.NotFound', statusCode: 404 });
  });

  it('answers DryRun with DryRunOperation (400) after validation', async () => {
    const client = ecsClient(sandbox().endpoint, TEST_SETTINGS.defaultAccount);
    const ok = await sdkError(client.describeImages(new Ecs.DescribeImagesRequest({ regionId: 'cn-hangzhou', dryRun: true })));
    expect(ok).toMatchObject({ code: 'DryRunOperation', statusCode: 400 });
    const invalid = await sdkError(client.describeImages(new Ecs.DescribeImagesRequest({ regionId: 'cn-hangzhou', dryRun: true, imageOwnerAlias: 'nobody' })));
    expect(invalid.code).toBe('InvalidImageOwnerAlias.ValueNotSupported');
  });

  it('answers GET / with query parameters (curl style) and plain errors without a stack trace', async () => {
    const res = await fetch(`${sandbox().endpoint}/?Action=DescribeRegions&Version=2014-05-26`);
    expect(res.status).toBe(400);
    const body = (await res.json()) as Record<string, string>;
    expect(Object.keys(body).sort()).toEqual(['Code', 'HostId', 'Message', 'Recommend', 'RequestId']);
    expect(body.Code).toBe('MissingParameter');
    const put = await fetch(`${sandbox().endpoint}/health`);
    expect(put.status).toBe(200);
  });
});

/** Lets the SDK sign a DescribeRegions call against a local capture server and returns the raw request. */
async function captureSdkRequest(): Promise<{ method: string; url: string; headers: Record<string, string> }> {
  let captured: { method: string; url: string; headers: Record<string, string> } | undefined;
  const server = http.createServer((req, res) => {
    captured = { method: req.method!, url: req.url!, headers: req.headers as Record<string, string> };
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ RequestId: 'C', Regions: { Region: [] } }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  // V1 signs the query only (not the Host header), so the captured request replays against the sandbox as is.
  const client = ecsClient(`127.0.0.1:${port}`, TEST_SETTINGS.defaultAccount, 'v1');
  await client.describeRegions(new Ecs.DescribeRegionsRequest({}));
  server.close();
  if (!captured) throw new Error('nothing captured');
  return captured;
}
