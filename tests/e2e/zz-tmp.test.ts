import { it } from 'vitest';
import { callAction } from '../support/ecs-client';
import { newAccount, operatorClient, sandbox } from '../support/sandbox';
it('dbg', async () => {
  const a = await newAccount();
  const { Token } = await callAction(operatorClient(), 'CreateApiToken', { AccessKeyId: a.accessKeyId });
  for (const body of ['null', 'true', 'false', '0', '""', '42']) {
    const r = await fetch(`${sandbox().endpoint}/api/DescribeRegions`, { method: 'POST', body, headers: { 'content-type': 'application/json', authorization: `Bearer ${Token}` } });
    console.log('DBG', JSON.stringify(body), r.status, (await r.text()).slice(0, 150));
  }
});
