import {
  provideVSCodeDesignSystem,
  vsCodeButton,
  vsCodeDropdown,
  vsCodeOption,
} from '@vscode/webview-ui-toolkit';
import type { CellInfo, Rankdir } from '../shared/protocol';

// The panel's toolbar, from the webview UI toolkit so it looks like the rest of VS Code
// and follows its theme. Only the three components used are registered.

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
}

export class Toolbar {
  private readonly picker: HTMLElement & { value: string };
  private readonly rankdirButton: HTMLElement;
  private readonly graphButtons: HTMLElement[] = [];
  private shownCell = -1;

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
      this.button('fit', 'Fit', 'Fit the graph to the panel (0)', actions.fit, true),
      this.button('zoom-out', '\u2212', 'Zoom out (-)', actions.zoomOut, true, 'icon'),
      this.button('zoom-in', '+', 'Zoom in (+)', actions.zoomIn, true, 'icon'),
    );
    this.rankdirButton = this.button('rankdir', '', '', actions.toggleRankdir, false);
    view.append(this.rankdirButton);

    const out = group('Export');
    out.append(
      this.button('export-svg', 'Export SVG', 'Save the graph as an SVG file', actions.exportSvg, true),
      this.button('export-dot', 'Export DOT', 'Save the graph as a Graphviz DOT file', actions.exportDot, true),
      this.button('copy-svg', 'Copy SVG', 'Copy the graph as SVG', actions.copySvg, true),
    );

    const cells = group('Cell');
    cells.append(this.picker);
    root.append(cells, view, out);
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
    this.picker.toggleAttribute('disabled', cells.length <= 1);
  }

  setRankdir(rankdir: Rankdir): void {
    // The button names the direction it switches to, as a toggle's label should.
    const next = rankdir === 'LR' ? 'top to bottom' : 'left to right';
    this.rankdirButton.textContent = rankdir === 'LR' ? 'Layout: LR' : 'Layout: TB';
    this.rankdirButton.title = `Lay the graph out ${next}`;
    this.rankdirButton.setAttribute('aria-label', `Layout ${rankdir === 'LR' ? 'left to right' : 'top to bottom'}; switch to ${next}`);
  }

  setHasGraph(hasGraph: boolean): void {
    for (const b of this.graphButtons) b.toggleAttribute('disabled', !hasGraph);
  }

  private button(
    id: string,
    text: string,
    title: string,
    action: () => void,
    needsGraph: boolean,
    appearance: 'secondary' | 'icon' = 'secondary',
  ): HTMLElement {
    const b = document.createElement('vscode-button');
    b.id = id;
    b.textContent = text;
    b.title = title;
    b.setAttribute('appearance', appearance);
    if (appearance === 'icon') b.setAttribute('aria-label', title);
    b.addEventListener('click', () => {
      if (!b.hasAttribute('disabled')) action();
    });
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
