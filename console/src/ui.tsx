import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { errorText } from './api';
import { noteAction } from './live';

/** Shared building blocks: dialogs, error boxes, status badges, action buttons. */

export function ErrorBox({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <p class="error" role="alert" data-testid="error">
      {errorText(error)}
    </p>
  );
}

const TRANSITIONAL = new Set(['Pending', 'Starting', 'Stopping', 'Attaching', 'Detaching', 'Creating', 'ReIniting', 'progressing', 'Copying', 'Waiting']);
export const isTransitional = (status: string) => TRANSITIONAL.has(status);

export function Status({ value }: { value: string }) {
  const tone = isTransitional(value)
    ? 'busy'
    : /^(Running|Available|In_use|accomplished|Normal|Delivered|Succeeded|InUse)$/i.test(value)
      ? 'ok'
      : /Stopped|Failed|Dead|Disabled/i.test(value)
        ? 'off'
        : 'plain';
  return (
    <span class={`status ${tone}`} data-status={value}>
      {value}
    </span>
  );
}

/** A native modal <dialog>: focus is trapped, Esc closes, the page behind is inert. */
export function Dialog({ title, onClose, children, wide }: { title: string; onClose: () => void; children: ComponentChildren; wide?: boolean }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  return (
    <dialog ref={ref} class={wide ? 'wide' : ''} aria-label={title} onCancel={(e) => (e.preventDefault(), onClose())}>
      <header class="dialog-head">
        <h2>{title}</h2>
        <button type="button" class="ghost" aria-label="Close dialog" onClick={onClose}>
          ✕
        </button>
      </header>
      {children}
    </dialog>
  );
}

/**
 * A button that runs an API call, shows its error (the API's code and message) beside
 * itself, and makes every view poll fast for a while afterwards.
 */
export function ActionButton(props: { label: string; run: () => Promise<unknown>; kind?: 'primary' | 'danger' | ''; disabled?: boolean; done?: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  return (
    <span class="action">
      <button
        type="button"
        class={props.kind ?? ''}
        disabled={busy || props.disabled}
        onClick={async () => {
          setBusy(true);
          setError(undefined);
          try {
            await props.run();
            noteAction();
            props.done?.();
          } catch (e) {
            setError(e);
          } finally {
            setBusy(false);
          }
        }}
      >
        {props.label}
      </button>
      <ErrorBox error={error} />
    </span>
  );
}

export const list = <T,>(v: unknown, key: string): T[] => {
  const inner = (v as Record<string, unknown> | undefined)?.[key];
  return Array.isArray(inner) ? (inner as T[]) : [];
};

export const money = (n: number) => `$${n.toFixed(4)}`;

export function Field({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <label class="field">
      <span>{label}</span>
      {children}
    </label>
  );
}

export function Json({ value }: { value: unknown }) {
  return (
    <pre class="json" tabIndex={0}>
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}
