import { statSync } from 'node:fs';
import net from 'node:net';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { seedDefaultAccount } from '../../scripts/lib/seed';
import { Keys } from '../../shared/store/keys';
import { callAction } from '../support/ecs-client';
import { operatorClient, sandbox } from '../support/sandbox';
import { TEST_SETTINGS } from '../support/settings';

/**
 * Closed to the network (README "Security"): DynamoDB Local serves loopback only, access key
 * secrets are sealed at rest with a 0600 key beside the data (for this in-memory test stack: in
 * its build folder), and each start's banner token revokes the previous one. (A restart on the
 * same data folder reopening the sealed secrets is tests/integration/restart.test.ts.)
 */
const root = join(__dirname, '../..');

function outsideAddress(): string | undefined {
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (!a.internal && a.family === 'IPv4') return a.address;
  }
  return undefined;
}

/** A ListTables over a raw socket to `host`; what came back ('' when the server closed at once). */
function rawListTables(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    let got = '';
    socket.on('connect', () => {
      socket.write(
        `POST / HTTP/1.1\r\nHost: ${host}:${port}\r\nX-Amz-Target: DynamoDB_20120810.ListTables\r\nContent-Type: application/x-amz-json-1.0\r\n` +
          'Authorization: AWS4-HMAC-SHA256 Credential=x/20240101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}',
      );
    });
    socket.on('data', (d) => (got += d.toString()));
    socket.on('error', () => resolve(got));
    socket.on('close', () => resolve(got));
    socket.setTimeout(5000, () => socket.destroy());
  });
}

const documents = () =>
  DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: sandbox().dynamoEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
  );

describe('closed to the network', () => {
  it('DynamoDB Local answers loopback and closes connections from any other address of this host', async () => {
    const port = Number(new URL(sandbox().dynamoEndpoint).port);
    expect(await rawListTables('127.0.0.1', port)).toContain('TableNames');
    const outside = outsideAddress();
    // A machine with loopback only has no other address to try; this one has one.
    if (outside) expect(await rawListTables(outside, port)).toBe('');
  });

  it('keeps access key secrets sealed at rest, under a 0600 key file', async () => {
    const keyFile = join(root, `.build/offline-${new URL(sandbox().endpoint).port}`, 'secrets.key');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const created = await callAction(operatorClient(), 'CreateAccount');
    const doc = documents();
    for (const [id, secret] of [
      [String(created.AccessKeyId), String(created.AccessKeySecret)],
      [TEST_SETTINGS.defaultAccount.accessKeyId, TEST_SETTINGS.defaultAccount.accessKeySecret],
    ] as const) {
      const item = (await doc.send(new GetCommand({ TableName: sandbox().stateTable, Key: Keys.accessKey(id), ConsistentRead: true }))).Item!;
      expect(item.accessKeySecret).toMatch(/^enc:v1:/);
      expect(JSON.stringify(item)).not.toContain(secret);
    }
    doc.destroy();
  });

  it("a start's banner token revokes the previous start's", async () => {
    process.env.SANDBOX_SECRETS_KEY_FILE = join(root, `.build/offline-${new URL(sandbox().endpoint).port}`, 'secrets.key');
    const client = new DynamoDBClient({
      endpoint: sandbox().dynamoEndpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const call = async (token: string) =>
      (await fetch(`${sandbox().endpoint}/api/DescribeRegions`, { method: 'POST', body: '{}', headers: { authorization: `Bearer ${token}` } })).status;
    // What a start does, twice.
    const first = await seedDefaultAccount(client, sandbox().stateTable, TEST_SETTINGS.defaultAccount);
    expect(first.outcome).toBe('kept');
    expect(await call(first.apiToken)).toBe(200);
    const second = await seedDefaultAccount(client, sandbox().stateTable, TEST_SETTINGS.defaultAccount);
    expect(await call(first.apiToken)).toBe(401);
    expect(await call(second.apiToken)).toBe(200);
    client.destroy();
  });
});
