import type { GraphColumns } from '../columns';

// micrograd's build_topo, step for step:
//
//     def build_topo(v):
//         if v not in visited:
//             visited.add(v)
//             for child in v._prev:
//                 build_topo(child)
//             topo.append(v)
//
// a depth-first walk from the output that appends each Value after all its inputs
// (post-order). micrograd's `_prev` is a set, whose order Python does not promise; the
// replay visits inputs in operand order (`a * b`: a, then b), the order the code reads
// and the lecture draws. A Value used twice (`a + a`) is visited once: the visited set.
// The walk keeps its own stack, as a chain of a million Values would overflow recursion.

/** Rows in the order build_topo appends them: the output last. */
export function buildTopo(columns: GraphColumns): Int32Array {
  const n = columns.size;
  const topo = new Int32Array(n);
  if (n === 0 || columns.output < 0 || columns.output >= n) return topo.subarray(0, 0);
  const { input0, input1 } = columns;
  const visited = new Uint8Array(n);
  // The recursion's frames: the row, and how many of its inputs it has walked into.
  const stack = new Int32Array(n);
  const next = new Uint8Array(n);
  let depth = 0;
  let length = 0;
  visited[columns.output] = 1;
  stack[0] = columns.output;
  next[0] = 0;
  depth = 1;
  while (depth > 0) {
    const top = depth - 1;
    const v = stack[top];
    const k = next[top];
    if (k < 2) {
      next[top] = k + 1;
      const child = k === 0 ? input0[v] : input1[v];
      if (child >= 0 && visited[child] === 0) {
        visited[child] = 1;
        stack[depth] = child;
        next[depth] = 0;
        depth++;
      }
      continue;
    }
    topo[length++] = v;
    depth--;
  }
  return topo.subarray(0, length);
}
