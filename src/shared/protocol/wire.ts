import type { CellGraph, GraphNode } from '../../graph/model';

// Numbers and graphs on the wire. VS Code serialises webview messages with
// JSON.stringify, which has no NaN or ±Infinity (it writes null), so those cross as
// strings: the host encodes a graph before posting it, the page decodes it on arrival.

/**
 * A number as it crosses to the webview. A NaN from log(-2) or an overflow to Infinity
 * is a value the learner must see, and JSON has no spelling for it.
 */
export type WireNumber = number | 'NaN' | 'Infinity' | '-Infinity';

/** A graph node with data and grad in their wire form. */
export type WireGraphNode = Omit<GraphNode, 'data' | 'grad'> & { data: WireNumber; grad: WireNumber };

export interface WireCellGraph {
  output: number;
  nodes: WireGraphNode[];
}

export function encodeNumber(x: number): WireNumber {
  if (Number.isFinite(x)) return x;
  return Number.isNaN(x) ? 'NaN' : x > 0 ? 'Infinity' : '-Infinity';
}

export function decodeNumber(x: WireNumber): number {
  return typeof x === 'number' ? x : Number(x);
}

/** The graph in wire form. Almost every graph is all finite and goes as it is, uncopied. */
export function encodeGraph(graph: CellGraph): WireCellGraph {
  const finite = (n: GraphNode): boolean => Number.isFinite(n.data) && Number.isFinite(n.grad);
  if (graph.nodes.every(finite)) return graph;
  return {
    output: graph.output,
    nodes: graph.nodes.map((n) => (finite(n) ? n : { ...n, data: encodeNumber(n.data), grad: encodeNumber(n.grad) })),
  };
}

export function decodeGraph(graph: WireCellGraph): CellGraph {
  return {
    output: graph.output,
    nodes: graph.nodes.map((n) => ({ ...n, data: decodeNumber(n.data), grad: decodeNumber(n.grad) })),
  };
}
