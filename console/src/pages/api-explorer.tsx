import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiError, call, op, type Json as JsonBody } from '../api';
import { bodyOf, FormError, type FormParam } from '../api-form';
import { noteAction } from '../live';
import { useRegion, useSessionOperator } from '../session-hooks';
import { ErrorBox, Json } from '../ui';

/**
 * Every registered action, runnable with a form for its parameters through the
 * public `/api/<Action>` route, as any client calls it: the JSON answer or the
 * API's error (code, message, HTTP status, request id) is shown as it came back.
 * The list is the action registry, written into the build by `npm run sync-actions`
 * and loaded only when this page opens. Operator actions run with the operator's key.
 */
type Action = { name: string; api: 'ECS' | 'VPC'; audience: 'account' | 'any' | 'operator'; params: FormParam[] };

export function ApiPage({ action }: { action?: string }) {
  const [actions, setActions] = useState<Action[] | undefined>(undefined);
  const [filter, setFilter] = useState('');
  useEffect(() => {
    void import('../generated/actions.json').then((m) => setActions(m.default as Action[]));
  }, []);
  const shown = useMemo(() => (actions ?? []).filter((a) => a.name.toLowerCase().includes(filter.trim().toLowerCase())), [actions, filter]);
  const chosen = actions?.find((a) => a.name === action);
  return (
    <section aria-labelledby="api-title">
      <h1 id="api-title">API</h1>
      <p class="muted">
        {actions ? `${actions.length} actions.` : 'Loading the action list…'} Each runs through <code>POST /api/&lt;Action&gt;</code> as the signed-in account
        (operator actions with the operator key).
      </p>
      <div class="api-layout">
        <div class="api-list">
          <input aria-label="Filter actions" placeholder="filter, e.g. Describe" value={filter} onInput={(e) => setFilter(e.currentTarget.value)} />
          <ul data-testid="api-actions">
            {shown.map((a) => (
              <li>
                <a href={`#/api/${a.name}`} aria-current={a.name === action ? 'page' : undefined}>
                  {a.name}
                </a>{' '}
                {a.api === 'VPC' && <span class="badge">VPC</span>}
                {a.audience === 'operator' && <span class="badge warn">operator</span>}
              </li>
            ))}
          </ul>
        </div>
        <div class="api-run">{chosen ? <ActionForm key={chosen.name} action={chosen} /> : <p>Choose an action.</p>}</div>
      </div>
    </section>
  );
}

function ActionForm({ action }: { action: Action }) {
  const regionId = useRegion();
  const operator = useSessionOperator();
  const initial: Record<string, string> = {};
  if (action.params.some((p) => p.name === 'RegionId')) initial.RegionId = regionId;
  const [values, setValues] = useState(initial);
  const [answer, setAnswer] = useState<{ ok: JsonBody } | { error: unknown } | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const needsOperator = action.audience === 'operator';
  const run = async () => {
    setBusy(true);
    setAnswer(undefined);
    try {
      const body = bodyOf(action.params, values);
      const ok = await (needsOperator ? op(action.name, body) : call(action.name, body));
      setAnswer({ ok });
      noteAction();
    } catch (e) {
      setAnswer({ error: e });
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      aria-label={`Run ${action.name}`}
      onSubmit={(e) => {
        e.preventDefault();
        void run();
      }}
    >
      <h2>
        {action.name} <span class="muted">({action.api === 'VPC' ? 'VPC API 2016-04-28' : 'ECS API 2014-05-26'})</span>
      </h2>
      {needsOperator && !operator && <p class="warn-box">An operator action: unlock the clock panel with the operator key first.</p>}
      {!action.params.length && <p class="muted">No parameters.</p>}
      <div class="api-params">
        {action.params.map((p) => (
          <label class="field">
            <span>
              {p.name}
              {p.required ? ' *' : ''} <span class="muted">{hint(p)}</span>
            </span>
            <ParamInput param={p} value={values[p.name] ?? ''} set={(v) => setValues({ ...values, [p.name]: v })} />
          </label>
        ))}
      </div>
      <button type="submit" class="primary" disabled={busy}>
        Run {action.name}
      </button>
      <div data-testid="api-answer" aria-live="polite">
        {answer && 'ok' in answer && <Json value={answer.ok} />}
        {answer && 'error' in answer && <ErrorAnswer error={answer.error} />}
      </div>
    </form>
  );
}

function ParamInput({ param, value, set }: { param: FormParam; value: string; set: (v: string) => void }) {
  if (param.type === 'boolean' || param.type === 'enum') {
    const options = param.type === 'boolean' ? ['true', 'false'] : (param.enum ?? []);
    return (
      <select name={param.name} value={value} onChange={(e) => set(e.currentTarget.value)}>
        <option value="">(not set)</option>
        {options.map((o) => (
          <option value={o}>{o}</option>
        ))}
      </select>
    );
  }
  if (param.type === 'object' || (param.type === 'array' && param.items === 'object')) {
    return <textarea name={param.name} rows={2} value={value} onInput={(e) => set(e.currentTarget.value)} />;
  }
  return <input name={param.name} value={value} inputMode={param.type === 'integer' ? 'numeric' : undefined} onInput={(e) => set(e.currentTarget.value)} />;
}

function hint(p: FormParam): string {
  if (p.type === 'array') return p.items === 'object' ? 'JSON list of objects' : `list of ${p.items ?? 'string'}: a, b or JSON`;
  if (p.type === 'object') return 'JSON object';
  return p.type === 'enum' ? '' : p.type;
}

function ErrorAnswer({ error }: { error: unknown }) {
  if (error instanceof FormError) return <ErrorBox error={error} />;
  if (!(error instanceof ApiError)) return <ErrorBox error={error} />;
  return <Json value={{ HttpStatus: error.status, Code: error.code, Message: error.message, RequestId: error.requestId }} />;
}
