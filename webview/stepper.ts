import { fixed } from '../src/lang/format';
import type { SavedStep, StepMode } from '../src/shared/protocol';
import type { Shown } from './drawing';
import { SPEEDS, StepCard } from './stepCard';
import { compact } from './stepFormat';
import { paint, unpaint, type StepScene } from './stepDrawing';
import type { ReplayAnswer, ReplayFailed, ReplayStep } from './stepMessages';

// The step-through on the page: which pass, which step, playing or not, and the `=`
// walk beside the `+=` one. The walk itself comes from the layout worker, which holds the
// graph's columns (the page gave them away) and the view on screen; the page asks for it
// whenever a new drawing shows (an edit, an opened group) and keeps the position. Each
// step is painted into the drawing (stepDrawing.ts), described in the card (stepCard.ts),
// and told to the host, which marks the source line of the current Value.

export interface StepperParts {
  card: StepCard;
  /** What is on screen now. */
  shown(): Shown | null;
  /** The walk of the drawing on screen, from the layout worker. */
  replay(mode: StepMode, precision: number): Promise<ReplayAnswer | ReplayFailed>;
  /** The host marks the source of `nodeId` (null: no mark). */
  stepAt(shown: Shown, nodeId: number | null): void;
  /** Opens a summary's group (the page lays out again and calls `drawn`). */
  openGroup(key: string): void;
  /** The position changed: the page's saved state should follow. */
  changed(): void;
  /** Pans the current node into view when it is outside the panel. */
  bringIntoView(node: Element): void;
}

export class Stepper {
  private mode: StepMode = 'backward';
  private compare = false;
  private index = 0;
  private answer: ReplayAnswer | null = null;
  private active = false;
  private playing: ReturnType<typeof setInterval> | undefined;
  private speedMs = SPEEDS[1][1];
  /** The drawing the answer walks, and of which version: a new one, or new numbers, ask again. */
  private walked: { svg: SVGSVGElement; version: number; precision: number } | null = null;
  /** A step-through to start once a graph is drawn (a restored panel, a command before the graph). */
  private pending: SavedStep | null = null;
  private pendingOn: { uri: string; cell: number } | null = null;
  /** A group just opened from the card: the walk continues at its first step inside it. */
  private continueIn: string | null = null;
  private requests = 0;

  constructor(private readonly parts: StepperParts) {
    parts.card.hidden = true;
  }

  get isActive(): boolean {
    return this.active;
  }

  /** What to keep across a reload; undefined when not stepping. */
  saved(): SavedStep | undefined {
    if (this.active) return { mode: this.mode, index: this.index, compare: this.compare };
    return this.pending ?? undefined;
  }

  /**
   * Starts stepping at `index`, now or once a graph is drawn. A position restored from a
   * reload names its cell (`on`): a panel that comes back on another cell does not step.
   */
  start(mode: StepMode, index = 0, compare = this.compare, on?: { uri: string; cell: number }): void {
    this.pending = { mode, index, compare };
    this.pendingOn = on ?? null;
    if (this.parts.shown()?.svg) this.drawn();
  }

  /** A drawing is on screen (new or patched): walk it, or show this step on it again. */
  drawn(): void {
    const shown = this.parts.shown();
    const svg = shown?.svg ?? null;
    if (shown === null || svg === null) return;
    const pending = this.pending;
    const on = this.pendingOn;
    this.pendingOn = null;
    if (pending !== null && on !== null && (on.uri !== shown.uri || on.cell !== shown.cell)) {
      this.pending = null;
      this.parts.changed();
      return;
    }
    if (pending !== null) {
      this.pending = null;
      this.active = true;
      this.mode = pending.mode;
      this.compare = pending.compare;
      this.index = pending.index;
      this.answer = null;
    }
    if (!this.active) return;
    this.parts.card.hidden = false;
    document.body.classList.add('stepping');
    const walked = this.walked;
    if (this.answer !== null && walked !== null && walked.svg === svg && walked.version === shown.version && walked.precision === shown.settings.precision && this.answer.mode === this.mode) {
      // The same drawing and numbers shown again (a resize, a restyle): paint the step again.
      this.show();
      return;
    }
    this.walked = { svg, version: shown.version, precision: shown.settings.precision };
    void this.fetch(shown);
  }

  stop(): void {
    if (!this.active && this.pending === null) return;
    this.pause();
    this.active = false;
    this.pending = null;
    this.answer = null;
    this.walked = null;
    this.parts.card.hidden = true;
    document.body.classList.remove('stepping');
    const shown = this.parts.shown();
    if (shown?.svg) unpaint(shown.svg);
    if (shown) this.parts.stepAt(shown, null);
    this.parts.changed();
  }

  go(index: number): void {
    const answer = this.answer;
    if (answer === null) return;
    this.index = Math.max(0, Math.min(answer.steps.length - 1, index));
    this.show();
    this.parts.changed();
  }

  next(): void {
    if (this.answer !== null && this.index >= this.answer.steps.length - 1) {
      this.pause();
      return;
    }
    this.go(this.index + 1);
  }

  prev(): void {
    this.go(this.index - 1);
  }

  restart(): void {
    this.pause();
    this.go(0);
  }

  togglePlay(): void {
    if (this.playing !== undefined) {
      this.pause();
      return;
    }
    if (this.answer !== null && this.index >= this.answer.steps.length - 1) this.go(0);
    this.playing = setInterval(() => this.next(), this.speedMs);
    this.show();
  }

  setSpeed(ms: number): void {
    this.speedMs = ms;
    if (this.playing !== undefined) {
      clearInterval(this.playing);
      this.playing = setInterval(() => this.next(), this.speedMs);
    }
  }

  setMode(mode: StepMode): void {
    if (mode === this.mode) return;
    this.pause();
    this.start(mode, 0);
  }

  setCompare(on: boolean): void {
    this.compare = on;
    this.show();
    this.parts.changed();
  }

  /** "Open this group": open it, and continue the walk inside it once it is drawn. */
  openGroup(key: string): void {
    this.pause();
    this.continueIn = key;
    this.parts.openGroup(key);
  }

  /** A click on a Value while stepping: to its step. False when the walk has none (not stepping). */
  jumpToNode(nodeId: number): boolean {
    const answer = this.answer;
    if (!this.active || answer === null) return false;
    // Its own step (its _backward, or its computation), else the last step that touched it.
    let at = answer.steps.findIndex((s) => s.nodeId === nodeId && (s.kind === 'node' || s.kind === 'leaf' || s.kind === 'forward' || s.kind === 'seed'));
    if (at < 0) at = answer.steps.findIndex((s) => s.nodeId === nodeId);
    if (at >= 0) {
      this.pause();
      this.go(at);
    }
    return true;
  }

  /** The panel's keys while stepping; true when the key was the step-through's. */
  key(e: KeyboardEvent): boolean {
    if (!this.active || e.altKey || e.ctrlKey || e.metaKey) return false;
    switch (e.key) {
      case 'ArrowRight':
        this.pause();
        this.next();
        return true;
      case 'ArrowLeft':
        this.pause();
        this.prev();
        return true;
      case ' ':
        this.togglePlay();
        return true;
      case 'Home':
        this.restart();
        return true;
      case 'End':
        this.pause();
        this.go(Number.MAX_SAFE_INTEGER);
        return true;
      case 'Escape':
        this.stop();
        return true;
      default:
        return false;
    }
  }

  private pause(): void {
    if (this.playing === undefined) return;
    clearInterval(this.playing);
    this.playing = undefined;
    this.show();
  }

  private async fetch(shown: Shown): Promise<void> {
    const request = ++this.requests;
    this.parts.card.showNote(this.mode === 'backward' ? 'Replaying backward()…' : 'Replaying the forward pass…');
    const answer = await this.parts.replay(this.mode, shown.settings.precision);
    // A newer drawing or pass asked since: its answer is the one to show.
    if (request !== this.requests || !this.active) return;
    if (answer.type === 'replayFailed') {
      this.answer = null;
      this.parts.card.showNote(`The walk could not be replayed: ${answer.message}`);
      return;
    }
    if (answer.steps.length === 0) {
      this.answer = null;
      this.parts.card.showNote('This graph has no steps to walk.');
      return;
    }
    this.answer = answer;
    const key = this.continueIn;
    this.continueIn = null;
    if (key !== null) {
      const inside = answer.steps.findIndex((s) => s.kind !== 'topo' && s.within.includes(key));
      if (inside >= 0) this.index = inside;
    }
    this.index = Math.min(this.index, answer.steps.length - 1);
    this.show();
    this.parts.changed();
  }

  /** Paints the step at `index` and describes it. */
  private show(): void {
    const answer = this.answer;
    const shown = this.parts.shown();
    if (!this.active || answer === null || shown === null || shown.svg === null) return;
    const step = answer.steps[this.index];
    const precision = shown.settings.precision;
    const format = (x: number): string => compact(x, precision);
    paint(shown.svg, scene(answer, this.index, this.compare, (x) => fixed(x, precision)));
    const current = shown.svg.querySelector('g.node.step-current:not(.op)');
    if (current !== null) this.parts.bringIntoView(current);
    this.parts.card.show({ step, index: this.index, count: answer.steps.length, mode: this.mode, compare: this.compare, playing: this.playing !== undefined, format });
    document.body.dataset.stepIndex = String(this.index);
    this.parts.stepAt(shown, step.nodeId);
  }
}

/** What the drawing shows after the steps up to `index`. */
export function scene(answer: ReplayAnswer, index: number, compare: boolean, format: (x: number) => string): StepScene {
  const values = new Map<string, { data: number | null; grad: number; wrong: number }>();
  const apply = (writes: ReplayStep['writes']): void => {
    for (const w of writes) {
      const v = values.get(w.dotId) ?? { data: null, grad: 0, wrong: 0 };
      if (w.data !== undefined) v.data = w.data;
      if (w.grad !== undefined) v.grad = w.grad;
      if (w.wrong !== undefined) v.wrong = w.wrong;
      values.set(w.dotId, v);
    }
  };
  apply(answer.initial);
  const orders = new Map<string, number>();
  const done = new Set<string>();
  for (let i = 0; i <= index; i++) {
    const step = answer.steps[i];
    apply(step.writes);
    if (step.order !== null && step.dotId !== null) orders.set(step.dotId, step.order);
    if (i < index && step.dotId !== null && step.kind !== 'topo') done.add(step.dotId);
  }
  const fields = new Map<string, { data: string; grad: string }>();
  const differs = new Set<string>();
  for (const [dotId, v] of values) {
    fields.set(dotId, { data: v.data === null ? '' : format(v.data), grad: format(v.grad) });
    if (compare && answer.mode === 'backward' && !Object.is(v.grad, v.wrong) && !(Number.isNaN(v.grad) && Number.isNaN(v.wrong))) differs.add(dotId);
  }
  const step = answer.steps[index];
  // The order numbers show while the order is built, and stay on for the walk that follows it.
  return { current: step.dotId, inputs: step.inputs, done, orders, fields, differs };
}
