// What the evaluation worker hands over rather than copies. A result crosses threads by
// structured clone, which the receiving thread (the extension host's) rebuilds as it
// reads the message: for typed arrays that is a copy of every byte on the host, megabytes
// for a large graph's columns. A transferred buffer instead changes owner in constant time.

/**
 * The buffers of the typed arrays in `value`, each replaced in place by a copy first:
 * nothing tells whether a view's buffer is the engine's own (a tape the worker reuses for
 * the next evaluation), and transferring that would detach it. The copy costs the
 * worker a memcpy, off the host's thread. Only objects are walked: arrays of numbers or strings (the
 * samples, the printed lines) are skipped after their first element, which keeps the walk
 * to a few thousand steps.
 */
export function transferables(value: unknown): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  const seen = new Set<object>();
  const visit = (holder: Record<string | number, unknown>, key: string | number) => {
    const v = holder[key];
    if (v === null || typeof v !== 'object' || seen.has(v)) return;
    seen.add(v);
    if (ArrayBuffer.isView(v)) {
      // Shared memory is not transferred; a DataView (none in a result) has no slice().
      if (!(v.buffer instanceof ArrayBuffer) || !('slice' in v)) return;
      const copy = (v as unknown as { slice(): ArrayBufferView }).slice();
      holder[key] = copy;
      buffers.add(copy.buffer as ArrayBuffer);
      return;
    }
    if (Array.isArray(v)) {
      if (v.length === 0 || v[0] === null || typeof v[0] !== 'object') return;
      for (let i = 0; i < v.length; i++) visit(v as unknown as Record<number, unknown>, i);
      return;
    }
    for (const k of Object.keys(v)) visit(v as Record<string, unknown>, k);
  };
  visit({ value }, 'value');
  return [...buffers];
}
