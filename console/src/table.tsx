import type { ComponentChildren } from 'preact';

/** A plain table from rows and column renderers (scrolls sideways on a phone). */
export type Column<T> = [string, (row: T) => ComponentChildren];

export function Table<T>({
  rows,
  columns,
  rowId,
  empty,
  testId,
}: {
  rows: T[];
  columns: Column<T>[];
  rowId: (r: T) => string;
  empty: string;
  testId?: string;
}) {
  return (
    <div class="table-wrap">
      <table class="grid" data-testid={testId}>
        <thead>
          <tr>
            {columns.map(([h]) => (
              <th>{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr data-id={rowId(r)}>
              {columns.map(([, f]) => (
                <td>{f(r)}</td>
              ))}
            </tr>
          ))}
          {!rows.length && (
            <tr>
              <td colSpan={columns.length} class="muted">
                {empty}
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
