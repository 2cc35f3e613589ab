import type { GraphSettings, SavedStep, WebviewState } from '../src/shared/protocol';
import type { Choices } from './choices';
import type { View } from './panzoom';
import { saveState } from './vscode';

// The panel's state kept by VS Code across reloads and restarts: the view (zoom and pan)
// of the cell on screen and the user's choices. Saved 100 ms after the last change, so
// a drag or a wheel writes it once; restored once, into the first drawing of that cell.
// A step-through's position is part of it, so a reloaded panel steps on from there.

export class SavedState {
  private pending: WebviewState | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  /** `snapshot` is read when the save is due; null while nothing is on screen. */
  constructor(
    restored: WebviewState | undefined,
    private readonly snapshot: () => WebviewState | null,
  ) {
    this.pending = restored;
  }

  /** True until the first drawing has taken the restored state. */
  get restoring(): boolean {
    return this.pending !== undefined;
  }

  /** The restored state, once: later drawings place the view themselves. */
  take(): WebviewState | undefined {
    const restore = this.pending;
    this.pending = undefined;
    return restore;
  }

  schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      const state = this.snapshot();
      if (state !== null) saveState(state);
    }, 100);
  }
}

/** The state to keep for what is on screen, viewed as `view`. */
export function webviewState(shown: { uri: string; cell: number; settings: GraphSettings }, view: View, choices: Choices, step?: SavedStep): WebviewState {
  const state: WebviewState = {
    uri: shown.uri,
    cell: shown.cell,
    zoom: view.zoom,
    pan: { x: view.x, y: view.y },
    rankdir: choices.rankdirOverride ?? shown.settings.rankdir,
    expanded: choices.expanded,
    collapsed: choices.collapsed,
    view: choices.viewKind,
  };
  if (choices.edgeDerivativesOverride !== null) state.edgeDerivatives = choices.edgeDerivativesOverride;
  if (step !== undefined) state.step = step;
  return state;
}
