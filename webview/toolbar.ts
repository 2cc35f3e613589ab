import {
  provideVSCodeDesignSystem,
  vsCodeButton,
  vsCodeDropdown,
  vsCodeOption,
} from '@vscode/webview-ui-toolkit';
import type { CellInfo, ProgressMessage, Rankdir } from '../src/shared/protocol';
import { dropdown, iconButton } from './controls';
import { icon, type IconName } from './icons';
import type { GraphViewKind } from './layoutMessages';

// The panel's toolbar, from the webview UI toolkit so it looks like the rest of VS Code
// and follows its theme. Only the three components used are registered. Icon buttons,
// as in VS Code's own editor toolbars, keep it on one row in a panel beside an editor;
// each has a title and an aria-label, since an icon alone names nothing.

provideVSCodeDesignSystem().register(vsCodeButton(), vsCodeDropdown(), vsCodeOption());

export interface ToolbarActions {
  selectCell(index: number): void;
  fit(): void;
  zoomIn(): void;
  zoomOut(): void;
  toggleRankdir(): void;
  exportSvg(): void;
  exportDot(): void;
  copySvg(): void;
  setView(kind: GraphViewKind): void;
  setK(k: number): void;
  expandAll(): void;
  collapseAll(): void;
  /** Start (or leave) the step-through of the shown cell's backward pass. */
  stepThrough(): void;
  toggleEdgeDerivatives(): void;
}

export class Toolbar {
  private readonly picker: HTMLElement & { value: string };
  private readonly rankdirButton: HTMLElement;
  private readonly graphButtons: HTMLElement[] = [];
  private shownCell = -1;
  private readonly viewPicker: HTMLElement & { value: string };
  private readonly kPicker: HTMLElement & { value: string };
  private readonly summaryGroup: HTMLElement;
  private readonly step: HTMLElement;
  private readonly stepButton: HTMLElement;
  private readonly edgeButton: HTMLElement;

  constructor(root: HTMLElement, actions: ToolbarActions) {
    this.picker = document.createElement('vscode-dropdown') as HTMLElement & { value: string };
    this.picker.id = 'cell-picker';
    this.picker.setAttribute('aria-label', 'Cell');
    this.picker.setAttribute('position', 'below');
    this.picker.addEventListener('change', () => {
      const index = Number(this.picker.value);
      // Setting the value from an update must not echo back as a user's choice.
      if (Number.isInteger(index) && index !== this.shownCell) actions.selectCell(index);
    });

    const view = group('View');
    view.append(
      this.button('fit', 'fit', null, 'Fit the whole graph in the panel (0)', actions.fit, true),
      this.button('zoom-out', 'zoom-out', null, 'Zoom out (-)', actions.zoomOut, true),
      this.button('zoom-in', 'zoom-in', null, 'Zoom in (+)', actions.zoomIn, true),
    );
    this.rankdirButton = this.button('rankdir', 'layout-lr', 'LR', '', actions.toggleRankdir, false);
    view.append(this.rankdirButton);

    const out = group('Export');
    out.classList.add('export');
    out.append(
      this.button('export-svg', 'export', 'SVG', 'Save the graph as an SVG file', actions.exportSvg, true),
      this.button('export-dot', 'export', 'DOT', 'Save the graph as a Graphviz DOT file', actions.exportDot, true),
      this.button('copy-svg', 'copy', null, 'Copy the graph as SVG', actions.copySvg, true),
    );

    // Summary | Neighbourhood, and the neighbourhood's reach; open or close every group.
    const summary = group('Graph view');
    summary.classList.add('summary');
    this.viewPicker = dropdown('view-picker', 'Graph view', [
      ['summary', 'Summary'],
      ['neighbourhood', 'Neighbourhood'],
    ], 'below');
    this.viewPicker.title = 'Summary: the whole graph, grouped by the code that made it. Neighbourhood: the values around the selected one';
    this.viewPicker.addEventListener('change', () => {
      const kind = this.viewPicker.value === 'neighbourhood' ? 'neighbourhood' : 'summary';
      this.kPicker.hidden = kind !== 'neighbourhood';
      actions.setView(kind);
    });
    this.kPicker = dropdown('k-picker', 'Steps around the selected value', [1, 2, 3, 4, 6].map((k) => [String(k), `k = ${k}`]), 'below');
    this.kPicker.value = '2';
    this.kPicker.title = 'How many steps towards the inputs and the output the neighbourhood reaches';
    this.kPicker.hidden = true;
    this.kPicker.addEventListener('change', () => actions.setK(Number(this.kPicker.value) || 2));
    const expandAll = this.button('expand-all', 'expand', null, 'Expand all groups', actions.expandAll, true);
    const collapseAll = this.button('collapse-all', 'collapse', null, 'Collapse all groups', actions.collapseAll, true);
    summary.append(this.viewPicker, this.kPicker, expandAll, collapseAll);
    summary.hidden = true;
    this.summaryGroup = summary;

    // Watch backpropagation: the step-through, and the local derivatives on the edges.
    const learn = group('Backpropagation');
    this.stepButton = this.button('step-through', 'step-back', 'Step', 'Step through backward: replay backward() node by node', actions.stepThrough, true);
    this.edgeButton = this.button('edge-derivatives', 'edge-label', '∂', '', actions.toggleEdgeDerivatives, true);
    learn.append(this.stepButton, this.edgeButton);
    this.setEdgeDerivatives(false);

    this.step = document.createElement('span');
    this.step.id = 'step';
    this.step.className = 'step';
    this.step.setAttribute('role', 'status');
    this.step.hidden = true;

    const cells = group('Cell');
    cells.classList.add('cells');
    cells.append(this.picker, this.step);
    root.append(cells, learn, summary, view, out);
    this.setRankdir('LR');
    this.setHasGraph(false);
  }

  setCells(cells: readonly CellInfo[], shown: number): void {
    this.shownCell = shown;
    const options = cells.map((cell) => {
      const option = document.createElement('vscode-option');
      option.setAttribute('value', String(cell.index));
      option.textContent = cell.hasOutput ? cell.title : `${cell.title} (no output)`;
      if (cell.index === shown) option.setAttribute('selected', '');
      return option;
    });
    this.picker.replaceChildren(...options);
    this.picker.value = String(shown);
    // One cell is still a choice made, not a control out of order: it shows enabled.
    // No cells (an empty file) leaves nothing to name.
    this.picker.hidden = cells.length === 0;
  }

  setRankdir(rankdir: Rankdir): void {
    // The face shows the layout in use, as the status bar shows a setting; the title
    // and label say what a click does.
    const now = rankdir === 'LR' ? 'left to right' : 'top to bottom';
    const next = rankdir === 'LR' ? 'top to bottom' : 'left to right';
    this.rankdirButton.replaceChildren(icon(rankdir === 'LR' ? 'layout-lr' : 'layout-tb'), rankdir);
    this.rankdirButton.title = `Layout: ${now}. Click to lay the graph out ${next}`;
    this.rankdirButton.setAttribute('aria-label', `Layout ${now}; switch to ${next}`);
  }

  setEdgeDerivatives(on: boolean): void {
    this.edgeButton.setAttribute('aria-pressed', String(on));
    const title = on ? 'Local derivatives on the edges: on. Click to hide them' : 'Show each edge\'s local derivative (∂e/∂a = b) on the graph';
    this.edgeButton.title = title;
    this.edgeButton.setAttribute('aria-label', title);
  }

  /** Whether a step-through is on: the Step button reads as pressed. */
  setStepping(on: boolean): void {
    this.stepButton.setAttribute('aria-pressed', String(on));
  }

  setViewKind(kind: GraphViewKind): void {
    this.viewPicker.value = kind;
    this.kPicker.hidden = kind !== 'neighbourhood';
  }

  /**
   * Whether the drawing is a summary (or a neighbourhood): the view switch and the group
   * buttons apply. A graph drawn whole, the lecture's, keeps its toolbar as it was.
   */
  setSummary(isSummary: boolean): void {
    this.summaryGroup.hidden = !isSummary;
  }

  /** "step 40 of 100" while a cell's loop runs; null once its results arrive. */
  setStep(progress: ProgressMessage | null): void {
    if (progress === null) {
      this.step.hidden = true;
      this.step.textContent = '';
      return;
    }
    const step = progress.step.toLocaleString('en-US');
    this.step.textContent = progress.total === null ? `step ${step}` : `step ${step} of ${progress.total.toLocaleString('en-US')}`;
    this.step.title = `Cell ${progress.cell + 1} is running`;
    this.step.hidden = false;
  }

  setHasGraph(hasGraph: boolean): void {
    for (const b of this.graphButtons) b.toggleAttribute('disabled', !hasGraph);
  }

  private button(
    id: string,
    glyph: IconName,
    label: string | null,
    title: string,
    action: () => void,
    needsGraph: boolean,
  ): HTMLElement {
    const b = iconButton(id, glyph, title, action, label === null ? {} : { label });
    if (needsGraph) this.graphButtons.push(b);
    return b;
  }
}

function group(label: string): HTMLElement {
  const g = document.createElement('div');
  g.className = 'group';
  g.setAttribute('role', 'group');
  g.setAttribute('aria-label', label);
  return g;
}
