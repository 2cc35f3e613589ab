import type { CellGraph } from '../src/graph/model';
import { fixed } from '../src/lang/format';
import type { Size } from './panzoom';

// What the webview adds to Graphviz's SVG: node ids on the elements, keyboard access,
// readable tooltips, and the cursor highlight as a class, which a cursor move toggles
// without asking Graphviz to draw again.

const CSS_PX_PER_PT = 96 / 72;
const SVG_NS = 'http://www.w3.org/2000/svg';
/** Gap between a leaf's border and its inner frame, in the SVG's points. */
const FRAME_INSET = 2.5;

/** Node id a DOT node name stands for: `n12` and `n12_op` are both node 12. */
export function nodeIdOf(dotName: string): number | null {
  const m = /^n(\d+)(_op)?$/.exec(dotName.trim());
  return m ? Number(m[1]) : null;
}

/**
 * Prepares a freshly rendered SVG for the panel and returns its size in CSS pixels.
 * Text is only ever set through textContent and attributes, never parsed as markup.
 */
export function decorate(svg: SVGSVGElement, graph: CellGraph, precision: number): Size {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  // Graphviz's graph-level <title> would show "G" as a tooltip over the whole background.
  svg.querySelector(':scope > g > title')?.remove();
  for (const g of Array.from(svg.querySelectorAll<SVGGElement>('g.node'))) {
    const title = g.querySelector(':scope > title');
    const id = title?.textContent ? nodeIdOf(title.textContent) : null;
    const node = id === null ? undefined : byId.get(id);
    if (id === null || node === undefined) continue;
    const isOp = title?.textContent?.trim().endsWith('_op') ?? false;
    g.dataset.nodeId = String(id);
    g.setAttribute('tabindex', '0');
    g.setAttribute('role', 'button');
    const name = node.label || node.names[0] || `node ${id}`;
    const description = isOp
      ? `${node.op ?? ''} producing ${name}`
      : `${name}: data ${fixed(node.data, precision)}, grad ${fixed(node.grad, precision)}`;
    g.setAttribute('aria-label', `${description}. Show in editor`);
    if (title) title.textContent = node.definedAt ? `${description}\nClick to show in the editor` : description;
    if (!isOp && node.kind === 'leaf') addInnerFrame(g);
  }
  return naturalSize(svg);
}

/**
 * A second border inside a leaf's record. High contrast themes drop the fills, and a leaf
 * and a result would then differ by border colour alone; the stylesheet shows the frame
 * there, so the inputs the learner made read as double-bordered without colour.
 */
function addInnerFrame(g: SVGGElement): void {
  const outline = g.querySelector(':scope > polygon');
  const numbers = (outline?.getAttribute('points') ?? '').split(/[\s,]+/).filter(Boolean).map(Number);
  if (outline === null || numbers.length < 4 || numbers.some((n) => !Number.isFinite(n))) return;
  const xs = numbers.filter((_, i) => i % 2 === 0);
  const ys = numbers.filter((_, i) => i % 2 === 1);
  const [left, right, top, bottom] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  if (right - left <= 2 * FRAME_INSET || bottom - top <= 2 * FRAME_INSET) return;
  const frame = document.createElementNS(SVG_NS, 'rect');
  frame.setAttribute('class', 'frame');
  frame.setAttribute('x', String(left + FRAME_INSET));
  frame.setAttribute('y', String(top + FRAME_INSET));
  frame.setAttribute('width', String(right - left - 2 * FRAME_INSET));
  frame.setAttribute('height', String(bottom - top - 2 * FRAME_INSET));
  // Above the fill, under the field lines and the text.
  outline.after(frame);
}

/** Graphviz sizes its SVG in points; fixing the size in pixels makes zoom 1 mean exactly that. */
function naturalSize(svg: SVGSVGElement): Size {
  const box = svg.viewBox.baseVal;
  const fromAttr = (name: string, fallback: number): number => {
    const raw = svg.getAttribute(name) ?? '';
    const value = parseFloat(raw);
    if (!Number.isFinite(value)) return fallback;
    return raw.trim().endsWith('pt') ? value * CSS_PX_PER_PT : value;
  };
  const width = fromAttr('width', box ? box.width * CSS_PX_PER_PT : 0);
  const height = fromAttr('height', box ? box.height * CSS_PX_PER_PT : 0);
  svg.setAttribute('width', `${width}px`);
  svg.setAttribute('height', `${height}px`);
  return { width, height };
}

export function applyHighlight(svg: SVGSVGElement | null, ids: readonly number[]): void {
  if (svg === null) return;
  const wanted = new Set(ids.map(String));
  for (const g of Array.from(svg.querySelectorAll<SVGGElement>('g.node[data-node-id]'))) {
    g.classList.toggle('highlight', wanted.has(g.dataset.nodeId ?? ''));
  }
}

/** The node a click landed on, if any. */
export function nodeAt(target: EventTarget | null): number | null {
  if (!(target instanceof Element)) return null;
  const g = target.closest<SVGGElement>('g.node[data-node-id]');
  return g ? Number(g.dataset.nodeId) : null;
}
