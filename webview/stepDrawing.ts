// A step-through's marks on the drawing on screen, put into Graphviz's SVG in place (no
// layout): the current node and its operation, its inputs and the edges the gradient
// flows along, each record's data and grad as they stand at this step (written into the
// record's own "data …" and "grad …" texts, as a numbers-only update is), the order
// numbers of the topological sort, and a mark on a record whose grad the wrong walk
// gets wrong. `unpaint` puts every text back as Graphviz drew it.

const SVG_NS = 'http://www.w3.org/2000/svg';
const FIELD = /^(data|grad) (.*)$/;
const CLASSES = ['step-current', 'step-input', 'step-done', 'step-differs', 'step-edge'];

/** What the drawing shows at one step. */
export interface StepScene {
  /** The current node's DOT id (its op node is marked with it). */
  current: string | null;
  inputs: readonly string[];
  /** Nodes a backward walk has passed (their `_backward` has run), or a forward walk computed. */
  done: ReadonlySet<string>;
  /** Topological-order numbers given so far. */
  orders: ReadonlyMap<string, number>;
  /** Each record's texts: data (blank when not yet computed) and grad, already formatted. */
  fields: ReadonlyMap<string, { data: string; grad: string }>;
  /** Records whose grad differs between the correct and the wrong walk. */
  differs: ReadonlySet<string>;
}

/** Graphviz's texts of the fields written over, to put back. */
const originals = new WeakMap<SVGTextElement, string>();

export function paint(svg: SVGSVGElement, scene: StepScene): void {
  const marks = marksLayer(svg);
  marks.replaceChildren();
  const inputs = new Set(scene.inputs);
  for (const g of Array.from(svg.querySelectorAll<SVGGElement>('g.node'))) {
    const dotId = dotIdOf(g);
    if (dotId === null) continue;
    const base = dotId.endsWith('_op') ? dotId.slice(0, -3) : dotId;
    g.classList.toggle('step-current', base === scene.current);
    g.classList.toggle('step-input', dotId === base && inputs.has(dotId));
    g.classList.toggle('step-done', scene.done.has(base));
    g.classList.toggle('step-differs', dotId === base && scene.differs.has(dotId));
    const fields = scene.fields.get(dotId);
    if (fields !== undefined) writeFields(g, fields);
    const order = scene.orders.get(dotId);
    if (order !== undefined) marks.append(badge(g, `${order}`, 'step-order'));
    if (dotId === base && scene.differs.has(dotId)) marks.append(badge(g, '≠', 'step-differs-mark', true));
  }
  const into = scene.current === null ? null : `${scene.current}_op`;
  for (const g of Array.from(svg.querySelectorAll<SVGGElement>('g.edge'))) {
    const [from, to] = (g.querySelector(':scope > title')?.textContent ?? '').split('->');
    g.classList.toggle('step-edge', into !== null && to === into && inputs.has(from));
  }
}

/** Takes every mark away and puts Graphviz's texts back. */
export function unpaint(svg: SVGSVGElement): void {
  svg.querySelector(':scope g.step-marks')?.remove();
  for (const el of Array.from(svg.querySelectorAll(CLASSES.map((c) => `.${c}`).join(', ')))) el.classList.remove(...CLASSES);
  for (const text of Array.from(svg.querySelectorAll<SVGTextElement>('g.node text'))) {
    const original = originals.get(text);
    if (original !== undefined && text.textContent !== original) text.textContent = original;
    originals.delete(text);
  }
}

function writeFields(g: SVGGElement, fields: { data: string; grad: string }): void {
  for (const text of Array.from(g.querySelectorAll<SVGTextElement>(':scope > text'))) {
    const now = text.textContent ?? '';
    const original = originals.get(text) ?? now;
    const m = FIELD.exec(original);
    if (m === null) continue;
    if (!originals.has(text)) originals.set(text, now);
    const value = m[1] === 'data' ? fields.data : fields.grad;
    const next = value === '' ? `${m[1]} ` : `${m[1]} ${value}`;
    if (now !== next) text.textContent = next;
  }
}

function dotIdOf(g: SVGGElement): string | null {
  return g.querySelector(':scope > title')?.getAttribute('data-dot-id') ?? null;
}

/** The layer the badges go in: above the nodes, inside Graphviz's transformed group. */
function marksLayer(svg: SVGSVGElement): SVGGElement {
  const top = svg.querySelector<SVGGElement>(':scope > g');
  const existing = top?.querySelector<SVGGElement>(':scope > g.step-marks');
  if (existing) return existing;
  const layer = document.createElementNS(SVG_NS, 'g');
  layer.setAttribute('class', 'step-marks');
  layer.setAttribute('aria-hidden', 'true');
  (top ?? svg).append(layer);
  return layer;
}

/** A small numbered disc at a node's top-left corner (or top-right). */
function badge(g: SVGGElement, text: string, className: string, right = false): SVGGElement {
  const box = outline(g);
  const mark = document.createElementNS(SVG_NS, 'g');
  mark.setAttribute('class', className);
  const x = right ? box.right : box.left;
  const y = box.top;
  const disc = document.createElementNS(SVG_NS, 'circle');
  disc.setAttribute('cx', String(x));
  disc.setAttribute('cy', String(y));
  disc.setAttribute('r', text.length > 2 ? '10' : '8');
  const label = document.createElementNS(SVG_NS, 'text');
  label.setAttribute('x', String(x));
  label.setAttribute('y', String(y + 3.5));
  label.setAttribute('text-anchor', 'middle');
  label.textContent = text;
  mark.append(disc, label);
  return mark;
}

function outline(g: SVGGElement): { left: number; right: number; top: number } {
  const shape = g.querySelector(':scope > polygon, :scope > ellipse, :scope > path');
  if (shape instanceof SVGEllipseElement) {
    const cx = Number(shape.getAttribute('cx')), cy = Number(shape.getAttribute('cy'));
    const rx = Number(shape.getAttribute('rx')), ry = Number(shape.getAttribute('ry'));
    return { left: cx - rx, right: cx + rx, top: cy - ry };
  }
  const numbers = (shape?.getAttribute('points') ?? '').split(/[\s,]+/).filter(Boolean).map(Number);
  const xs = numbers.filter((_, i) => i % 2 === 0);
  const ys = numbers.filter((_, i) => i % 2 === 1);
  if (xs.length === 0) return { left: 0, right: 0, top: 0 };
  return { left: Math.min(...xs), right: Math.max(...xs), top: Math.min(...ys) };
}
