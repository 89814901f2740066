import { useState } from 'preact/hooks';
import { call } from '../api';
import { usePoll } from '../live';
import { useRegion, useSession } from '../session-hooks';
import { Table } from '../table';
import { ActionButton, ErrorBox, Status } from '../ui';

/** Webhooks: create, test, delete; each one's deliveries with their attempts, and redeliver. */
type Hook = { WebhookId: string; Url: string; EventNames: { EventName: string[] }; CreationTime: string };
type Delivery = {
  EventId: string;
  EventName: string;
  EventTime: string;
  Status: string;
  Attempts: number;
  LastStatusCode: number;
  LastError: string;
  NextAttemptTime: string;
};

export function WebhooksPage() {
  const regionId = useRegion();
  const s = useSession();
  const hooks = usePoll(() => call<{ Webhooks: { Webhook: Hook[] } }>('DescribeWebhooks', { RegionId: regionId }), [regionId, s.accountId]);
  const [url, setUrl] = useState('');
  const [names, setNames] = useState('Instance.*');
  const [secret, setSecret] = useState('');
  const [open, setOpen] = useState('');
  return (
    <section aria-labelledby="wh-title">
      <h1 id="wh-title">Webhooks</h1>
      <form class="inline-form" aria-label="Create webhook" onSubmit={(e) => e.preventDefault()}>
        <input aria-label="URL" placeholder="http://127.0.0.1:9000/hook" value={url} onInput={(e) => setUrl(e.currentTarget.value)} size={28} />
        <input aria-label="Event names (comma separated, * wildcards)" value={names} onInput={(e) => setNames(e.currentTarget.value)} size={16} />
        <input aria-label="Secret" placeholder="secret" value={secret} onInput={(e) => setSecret(e.currentTarget.value)} size={10} />
        <ActionButton
          label="Create webhook"
          kind="primary"
          run={() =>
            call('CreateWebhook', {
              RegionId: regionId,
              Url: url.trim(),
              EventName: names
                .split(',')
                .map((n) => n.trim())
                .filter(Boolean),
              Secret: secret,
            })
          }
        />
      </form>
      <ErrorBox error={hooks.error} />
      <Table
        rows={hooks.data?.Webhooks.Webhook ?? []}
        rowId={(h) => h.WebhookId}
        empty={`No webhooks in ${regionId}.`}
        columns={[
          [
            'Webhook',
            (h) => (
              <>
                {h.WebhookId}
                <div class="muted">{h.Url}</div>
              </>
            ),
          ],
          ['Events', (h) => h.EventNames.EventName.join(', ')],
          [
            '',
            (h) => (
              <span class="actions">
                <button type="button" aria-expanded={open === h.WebhookId} onClick={() => setOpen(open === h.WebhookId ? '' : h.WebhookId)}>
                  Deliveries
                </button>
                <ActionButton label="Test" run={() => call('TestWebhook', { RegionId: regionId, WebhookId: h.WebhookId })} />
                <ActionButton label="Delete" kind="danger" run={() => call('DeleteWebhook', { RegionId: regionId, WebhookId: h.WebhookId })} />
              </span>
            ),
          ],
        ]}
      />
      {open && <Deliveries webhookId={open} />}
    </section>
  );
}

function Deliveries({ webhookId }: { webhookId: string }) {
  const regionId = useRegion();
  const list = usePoll(
    () => call<{ Deliveries: { Delivery: Delivery[] } }>('DescribeWebhookDeliveries', { RegionId: regionId, WebhookId: webhookId, MaxResults: 50 }),
    [regionId, webhookId],
    (v) => v.Deliveries.Delivery.some((d) => d.Status === 'Pending'),
  );
  return (
    <section aria-label={`Deliveries of ${webhookId}`}>
      <h2>Deliveries of {webhookId}</h2>
      <ErrorBox error={list.error} />
      <Table
        rows={list.data?.Deliveries.Delivery ?? []}
        rowId={(d) => d.EventId}
        empty="No deliveries yet."
        columns={[
          [
            'Event',
            (d) => (
              <>
                {d.EventName}
                <div class="muted">{d.EventTime}</div>
              </>
            ),
          ],
          ['Status', (d) => <Status value={d.Status} />],
          ['Attempts', (d) => d.Attempts],
          ['Last result', (d) => d.LastError || (d.LastStatusCode ? `HTTP ${d.LastStatusCode}` : '—')],
          ['Next attempt', (d) => d.NextAttemptTime || '—'],
          [
            '',
            (d) => (
              <ActionButton label="Redeliver" run={() => call('RedeliverWebhookEvent', { RegionId: regionId, WebhookId: webhookId, EventId: d.EventId })} />
            ),
          ],
        ]}
      />
    </section>
  );
}
