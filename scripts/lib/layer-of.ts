/**
 * The layer a source file belongs to: `shared/<layer>/…` or `functions/…`; undefined for
 * scripts, tests and configuration, which sit outside the layer order.
 */
export function layerOf(relativePath: string, order: readonly string[]): string | undefined {
  const parts = relativePath.split('/');
  if (parts[0] === 'functions') return 'functions';
  if (parts[0] === 'shared' && parts.length > 2 && order.includes(parts[1]!)) return parts[1];
  return undefined;
}
