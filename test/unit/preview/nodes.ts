import type { GraphColumns } from '../../../src/graph/columns';

/** The rows of an update's columns as objects, for tests that look a node up by name. */
export function nodesOf(columns: GraphColumns | null): { id: number; label: string; data: number; grad: number; names: string[]; definedAt: { start: number; end: number } | null }[] {
  if (columns === null) return [];
  const names = new Map(columns.names.map((n) => [n.row, n.names]));
  return Array.from({ length: columns.size }, (_, row) => ({
    id: columns.id[row],
    label: columns.labels[columns.label[row]] ?? '',
    data: columns.data[row],
    grad: columns.grad[row],
    names: names.get(row) ?? [],
    definedAt: columns.site[row] < 0 ? null : (columns.sites[columns.site[row]] ?? null),
  }));
}

/**
 * A message as VS Code carries it to a webview: JSON, except typed arrays, which cross
 * as they are (copied). So a NaN in a Float64Array survives and one in a plain array
 * becomes null.
 */
export function throughVsCode<T>(message: T): unknown {
  const buffers: ArrayBufferView[] = [];
  const json = JSON.stringify(message, (_key, value: unknown) => {
    if (ArrayBuffer.isView(value)) {
      buffers.push(value);
      return { $typed: buffers.length - 1 };
    }
    return value;
  });
  return JSON.parse(json, (_key, value: unknown) => {
    if (typeof value === 'object' && value !== null && '$typed' in value) {
      const view = buffers[(value as { $typed: number }).$typed] as Float64Array;
      return view.slice();
    }
    return value;
  });
}
