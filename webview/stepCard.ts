import type { StepMode } from '../src/shared/protocol';
import { dropdown, iconButton } from './controls';
import { icon } from './icons';
import type { ReplayStep } from './stepMessages';

// The step-through's card under the graph: the controls (previous, play or pause, next,
// restart, the speed, the pass, the `=` walk beside the `+=` one, close), then what the
// step does: its title, why, and the chain-rule terms it adds, each with the grad it
// leaves under `+=` and, when compared, under `=`, a lost term struck through. Every text
// is set with textContent: labels come from the user's code.

export interface StepCardActions {
  prev(): void;
  next(): void;
  togglePlay(): void;
  restart(): void;
  close(): void;
  setMode(mode: StepMode): void;
  setCompare(on: boolean): void;
  setSpeed(ms: number): void;
  openGroup(key: string): void;
}

/** Milliseconds between steps while playing, by the speed picker's choices. */
export const SPEEDS: readonly [string, number][] = [
  ['0.5×', 3000],
  ['1×', 1500],
  ['2×', 750],
  ['4×', 375],
];

export interface CardView {
  step: ReplayStep;
  index: number;
  count: number;
  mode: StepMode;
  compare: boolean;
  playing: boolean;
  /** Numbers as the panel writes them. */
  format: (x: number) => string;
}

export class StepCard {
  private readonly playButton: HTMLElement;
  private readonly modePicker: HTMLElement & { value: string };
  private readonly compareButton: HTMLElement;
  private readonly position: HTMLElement;
  private readonly title: HTMLElement;
  private readonly body: HTMLElement;
  private readonly prevButton: HTMLElement;
  private readonly nextButton: HTMLElement;

  constructor(
    private readonly root: HTMLElement,
    private readonly actions: StepCardActions,
  ) {
    root.setAttribute('aria-label', 'Step through');
    const controls = document.createElement('div');
    controls.className = 'step-controls';
    controls.setAttribute('role', 'toolbar');
    controls.setAttribute('aria-label', 'Step-through controls');
    this.prevButton = iconButton('step-prev', 'prev', 'Previous step (←)', actions.prev);
    this.playButton = iconButton('step-play', 'play', 'Play (Space)', actions.togglePlay);
    this.nextButton = iconButton('step-next', 'next', 'Next step (→)', actions.next);
    const restart = iconButton('step-restart', 'restart', 'Restart (Home)', actions.restart);
    const speed = dropdown('step-speed', 'Speed', SPEEDS.map(([label, ms]) => [String(ms), label]), 'above');
    speed.value = String(SPEEDS[1][1]);
    speed.title = 'Playing speed';
    speed.addEventListener('change', () => actions.setSpeed(Number(speed.value) || SPEEDS[1][1]));
    this.modePicker = dropdown('step-mode', 'Pass', [
      ['backward', 'Backward'],
      ['forward', 'Forward'],
    ], 'above');
    this.modePicker.title = 'Backward: backward() node by node. Forward: each value computed in evaluation order';
    this.modePicker.addEventListener('change', () => {
      const mode = this.modePicker.value === 'forward' ? 'forward' : 'backward';
      actions.setMode(mode);
    });
    this.compareButton = iconButton('step-compare', null, 'Replay the same walk with = instead of += beside the correct one: where a gradient is lost', () =>
      actions.setCompare(this.compareButton.getAttribute('aria-pressed') !== 'true'),
    );
    this.compareButton.append('= vs +=');
    this.compareButton.classList.add('labelled');
    const close = iconButton('step-close', 'close', 'Leave the step-through (Esc)', actions.close);
    this.position = document.createElement('span');
    this.position.className = 'step-position';
    this.position.setAttribute('role', 'status');
    controls.append(this.prevButton, this.playButton, this.nextButton, restart, speed, this.modePicker, this.compareButton, this.position, close);

    this.title = document.createElement('p');
    this.title.className = 'step-title';
    this.body = document.createElement('div');
    this.body.className = 'step-body';
    this.body.setAttribute('aria-live', 'polite');
    root.append(controls, this.title, this.body);
  }

  set hidden(hidden: boolean) {
    this.root.hidden = hidden;
  }

  /** A message in place of a step: the walk is being computed, or cannot be. */
  showNote(text: string): void {
    this.position.textContent = '';
    this.title.textContent = text;
    this.body.replaceChildren();
  }

  show(view: CardView): void {
    const { step, index, count, mode, compare, playing, format } = view;
    this.root.dataset.kind = step.kind;
    this.root.dataset.index = String(index);
    this.modePicker.value = mode;
    this.compareButton.setAttribute('aria-pressed', String(compare));
    this.compareButton.hidden = mode !== 'backward';
    this.playButton.replaceChildren(icon(playing ? 'pause' : 'play'));
    const playTitle = playing ? 'Pause (Space)' : 'Play (Space)';
    this.playButton.title = playTitle;
    this.playButton.setAttribute('aria-label', playTitle);
    this.prevButton.toggleAttribute('disabled', index === 0);
    this.nextButton.toggleAttribute('disabled', index >= count - 1);
    this.position.textContent = `Step ${index + 1} of ${count}`;
    this.title.textContent = step.title;

    const parts: HTMLElement[] = step.detail.map((line) => paragraph('step-detail', line));
    if (step.terms.length > 0) parts.push(this.terms(step, compare, format));
    if (compare && step.lostInside !== undefined && step.lostInside > 0) {
      const n = step.lostInside;
      parts.push(paragraph('step-detail step-lost-inside', `With = instead of +=, ${n.toLocaleString('en-US')} contribution${n === 1 ? '' : 's'} to ${step.kind === 'group' ? 'Values in this group' : 'this Value'} would be overwritten and lost.`));
    }
    if (step.groupKey !== null) {
      const key = step.groupKey;
      const open = iconButton('step-open-group', 'expand', 'Open this group and continue the walk inside it', () => this.actions.openGroup(key));
      open.append('Open this group');
      open.classList.add('labelled');
      parts.push(open);
    }
    this.body.replaceChildren(...parts);
  }

  private terms(step: ReplayStep, compare: boolean, format: (x: number) => string): HTMLElement {
    const table = document.createElement('table');
    table.className = 'step-terms';
    const head = document.createElement('tr');
    const headers = compare ? ['Term it receives', 'grad with +=', 'grad with ='] : ['Term it receives', 'grad'];
    for (const h of headers) {
      const th = document.createElement('th');
      th.scope = 'col';
      th.textContent = h;
      head.append(th);
    }
    table.append(head);
    for (const term of step.terms) {
      const row = document.createElement('tr');
      row.className = 'step-term';
      row.dataset.dotId = term.dotId;
      const text = document.createElement('td');
      text.className = 'step-term-text';
      text.textContent = term.text;
      const grad = document.createElement('td');
      grad.className = 'step-grad';
      grad.textContent = `${format(term.before)} + ${format(term.after - term.before)} = ${format(term.after)}`;
      row.append(text, grad);
      if (compare) {
        const wrong = document.createElement('td');
        wrong.className = 'step-grad wrong';
        if (term.lost) {
          // The assignment throws away what was there: the old value struck through.
          const lost = document.createElement('s');
          lost.className = 'step-lost';
          lost.textContent = format(term.wrongBefore);
          lost.title = 'Lost: = overwrote this contribution';
          wrong.append(lost, ` → ${format(term.wrongAfter)}`);
          row.classList.add('lost');
        } else {
          wrong.textContent = `= ${format(term.wrongAfter)}`;
        }
        row.append(wrong);
      }
      table.append(row);
    }
    return table;
  }
}

function paragraph(className: string, text: string): HTMLElement {
  const p = document.createElement('p');
  p.className = className;
  p.textContent = text;
  return p;
}
