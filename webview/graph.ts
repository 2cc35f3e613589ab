import { fixed } from '../src/lang/format';
import { NUMBER_FIELD, type DrawnItem } from './layoutMessages';
import type { Size } from './panzoom';

// What the webview adds to Graphviz's SVG: node ids on the elements, keyboard access,
// readable tooltips, and the cursor highlight as a class, which a cursor move toggles
// without asking Graphviz to draw again.

const CSS_PX_PER_PT = 96 / 72;
const SVG_NS = 'http://www.w3.org/2000/svg';
/** Gap between a leaf's border and its inner frame, in the SVG's points. */
const FRAME_INSET = 2.5;

/** What a click or a key on the drawing landed on. */
export type Hit = { kind: 'value'; id: number } | { kind: 'group'; key: string } | { kind: 'cluster'; key: string };

/**
 * Prepares a freshly drawn SVG for the panel and returns its size in CSS pixels: node
 * ids and group keys on the elements, keyboard access, readable tooltips. Text is only
 * ever set through textContent and attributes, never parsed as markup.
 */
export function decorate(svg: SVGSVGElement, items: readonly DrawnItem[], precision: number): Size {
  // Graphviz's graph-level <title> would show "G" as a tooltip over the whole background.
  svg.querySelector(':scope > g > title')?.remove();
  describe(svg, items, precision, true);
  return naturalSize(svg);
}

/** Tooltips and labels from `items`; `fresh` on a new drawing (frames and roles added once). */
export function describe(svg: SVGSVGElement, items: readonly DrawnItem[], precision: number, fresh: boolean): void {
  const byDotId = new Map(items.map((item) => [item.dotId, item]));
  for (const g of Array.from(svg.querySelectorAll<SVGGElement>('g.node, g.cluster'))) {
    const title = g.querySelector(':scope > title');
    const dotId = title?.getAttribute('data-dot-id') ?? title?.textContent?.trim();
    const item = dotId ? byDotId.get(dotId) : undefined;
    if (item === undefined || title === null) continue;
    let description: string;
    let action: string;
    if (item.kind === 'value') {
      g.dataset.nodeId = String(item.id);
      const name = item.label || item.name || `node ${item.id}`;
      description = item.isOp
        ? `${item.op ?? ''} producing ${name}`
        : `${name}: data ${fixed(item.data, precision)}, grad ${fixed(item.grad, precision)}`;
      action = item.hasSource ? 'Click to show in the editor' : '';
      if (fresh && !item.isOp && item.leaf) addInnerFrame(g);
    } else {
      g.dataset.groupKey = item.key;
      g.dataset.groupState = item.kind === 'group' ? 'closed' : 'open';
      const count = `${item.values.toLocaleString('en-US')} value${item.values === 1 ? '' : 's'}`;
      description = `${item.title}: ${count}`;
      action = item.kind === 'group' ? 'Click to open the group' : 'Click the title to close the group';
    }
    // A cluster's box is mostly background: its title is what takes the click.
    const target = item.kind === 'cluster' ? (g.querySelector<SVGElement>(':scope > text') ?? g) : g;
    target.setAttribute('tabindex', '0');
    target.setAttribute('role', 'button');
    target.setAttribute('aria-label', action ? `${description}. ${action}` : description);
    title.textContent = action ? `${description}\n${action}` : description;
  }
}

/**
 * Puts new numbers into a drawing in place (no Graphviz): each patched node's number
 * fields, in the order its texts show them. False if a node is missing or its texts do
 * not have as many fields: the caller then lays the graph out again.
 */
export function patchNumbers(svg: SVGSVGElement, patches: readonly { dotId: string; numbers: string[] }[]): boolean {
  const byTitle = new Map<string, SVGGElement>();
  for (const g of Array.from(svg.querySelectorAll<SVGGElement>('g.node'))) {
    const t = g.querySelector(':scope > title')?.getAttribute('data-dot-id');
    if (t) byTitle.set(t, g);
  }
  const plan: { text: Element; value: string }[] = [];
  for (const { dotId, numbers } of patches) {
    const g = byTitle.get(dotId);
    if (g === undefined) return false;
    let i = 0;
    for (const text of Array.from(g.querySelectorAll('text'))) {
      const value = (text.textContent ?? '').replace(NUMBER_FIELD, (_m, field: string) => field + (numbers[i++] ?? '?'));
      plan.push({ text, value });
    }
    if (i !== numbers.length) return false;
  }
  for (const { text, value } of plan) if (text.textContent !== value) text.textContent = value;
  return true;
}

/**
 * Keeps a group's lines inside its box, and a record's label inside its field. Graphviz
 * sized both with Helvetica's widths; where the page's font is wider (DejaVu Sans stands
 * in for Helvetica on Linux), a line is squeezed to its room rather than spilling over the
 * border (`x1*w1 + x2*w2` past its record's edge). A record's numbers are left alone: they
 * fit, and the step-through rewrites them. Call with the SVG shown.
 */
export function fitTexts(svg: SVGSVGElement): void {
  // All measured first, then all written: a write between two reads would make the
  // browser lay the page out again for each line.
  const squeeze: { text: SVGTextElement; room: number }[] = [];
  const loosen: SVGTextElement[] = [];
  const fit = (text: SVGTextElement, room: number) => {
    // A line squeezed before (numbers patched since) is measured at its natural width.
    const natural = text.hasAttribute('textLength') ? text.getNumberOfChars() && measureNatural(text) : text.getComputedTextLength();
    if (room > 0 && natural > room) squeeze.push({ text, room });
    else if (text.hasAttribute('textLength')) loosen.push(text);
  };
  for (const g of Array.from(svg.querySelectorAll<SVGGElement>('g.node.group'))) {
    const shape = g.querySelector<SVGGraphicsElement>(':scope > path, :scope > polygon');
    if (shape === null) continue;
    const room = shape.getBBox().width - 8;
    for (const text of Array.from(g.querySelectorAll<SVGTextElement>('text'))) fit(text, room);
  }
  for (const g of Array.from(svg.querySelectorAll<SVGGElement>('g.node.value'))) {
    const label = g.querySelector<SVGTextElement>('text');
    if (label !== null) fit(label, labelRoom(g, label));
  }
  for (const { text, room } of squeeze) {
    text.setAttribute('textLength', String(room));
    text.setAttribute('lengthAdjust', 'spacingAndGlyphs');
  }
  for (const text of loosen) text.removeAttribute('textLength');
}

/**
 * The width of the record field a label sits in, less a little padding: between the
 * vertical separators around its centre (a left-to-right record), or the record's width
 * (top to bottom, where the fields are stacked).
 */
function labelRoom(g: SVGGElement, label: SVGTextElement): number {
  const shape = g.querySelector<SVGGraphicsElement>(':scope > polygon, :scope > path');
  if (shape === null) return 0;
  const box = shape.getBBox();
  const x = Number(label.getAttribute('x'));
  let left = box.x, right = box.x + box.width;
  for (const line of Array.from(g.querySelectorAll<SVGGraphicsElement>(':scope > polyline'))) {
    const b = line.getBBox();
    if (b.width > 0.5) continue;
    if (b.x < x && b.x > left) left = b.x;
    if (b.x > x && b.x < right) right = b.x;
  }
  return right - left - 4;
}

/** The width a squeezed line would have unsqueezed: its characters' advances. */
function measureNatural(text: SVGTextElement): number {
  const n = text.getNumberOfChars();
  if (n === 0) return 0;
  const first = text.getStartPositionOfChar(0).x;
  const last = text.getEndPositionOfChar(n - 1).x;
  const squeezed = Math.abs(last - first);
  const length = Number(text.getAttribute('textLength'));
  // Squeezed to `length`; the natural width is what it was squeezed from, unknown without
  // unsqueezing, so keep it squeezed if it fills the room it was given.
  return squeezed >= length - 0.5 ? Number.POSITIVE_INFINITY : squeezed;
}

/** Graphviz's <title> holds the DOT id; kept as an attribute, since tooltips rewrite the text. */
export function markDotIds(svg: SVGSVGElement): void {
  for (const t of Array.from(svg.querySelectorAll('g.node > title, g.cluster > title'))) t.setAttribute('data-dot-id', (t.textContent ?? '').trim());
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

/** The value, group or open group's title a click landed on, if any. */
export function hitAt(target: EventTarget | null): Hit | null {
  if (!(target instanceof Element)) return null;
  const value = target.closest<SVGGElement>('g.node[data-node-id]');
  if (value) return { kind: 'value', id: Number(value.dataset.nodeId) };
  const group = target.closest<SVGGElement>('g.node[data-group-key]');
  if (group) return { kind: 'group', key: group.dataset.groupKey ?? '' };
  // An open group closes from its title only: its box is where the user pans.
  const cluster = target.closest<SVGGElement>('g.cluster[data-group-key]');
  if (cluster && target.closest('text')) return { kind: 'cluster', key: cluster.dataset.groupKey ?? '' };
  return null;
}
