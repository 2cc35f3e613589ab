import type { GraphSettings, Rankdir, UpdateMessage, WebviewState } from '../src/shared/protocol';
import type { GraphViewKind, LayoutRequest } from './layoutMessages';

// What the user chose on the page, which every layout follows: the direction (until the
// settings agree), the view (summary or neighbourhood) and its K, the Value in focus,
// and the summary's open and closed groups, by key, so they survive re-evaluation and
// reload. Only the state is here; the page lays out again and saves.

/** Open and closed group keys kept at most: a budget of 300 nodes opens far fewer groups. */
const MAX_KEPT_KEYS = 200;

export class Choices {
  rankdirOverride: Rankdir | null;
  expanded: string[];
  collapsed: string[];
  viewKind: GraphViewKind;
  /** The Value the neighbourhood is around (the last one clicked or highlighted). */
  focus: number | null = null;
  neighbourhoodK = 2;
  /** The toolbar's edge-derivatives toggle, when it differs from the setting. */
  edgeDerivativesOverride: boolean | null;

  constructor(restored: WebviewState | undefined) {
    this.edgeDerivativesOverride = restored?.edgeDerivatives ?? null;
    this.rankdirOverride = restored?.rankdir ?? null;
    this.expanded = restored?.expanded ?? [];
    this.collapsed = restored?.collapsed ?? [];
    this.viewKind = restored?.view ?? 'summary';
  }

  /** The update's settings with the direction the user chose. */
  settings(message: UpdateMessage): GraphSettings {
    return {
      ...message.settings,
      rankdir: this.rankdirOverride ?? message.settings.rankdir,
      edgeDerivatives: this.edgeDerivativesOverride ?? message.settings.edgeDerivatives ?? false,
    };
  }

  /** The layout the worker is asked for, as the choices and `settings` say. */
  request(settings: GraphSettings, force: boolean): Omit<LayoutRequest, 'type' | 'id' | 'columns' | 'onScreen'> {
    return {
      view: this.viewKind,
      focus: this.focus,
      k: this.neighbourhoodK,
      budget: settings.summaryBudget,
      expanded: this.expanded,
      collapsed: this.collapsed,
      rankdir: settings.rankdir,
      precision: settings.precision,
      edgeDerivatives: settings.edgeDerivatives ?? false,
      force,
    };
  }

  /** The other direction than the one shown (`configured` when the user chose none). */
  toggleRankdir(configured: Rankdir | undefined): Rankdir {
    const current = this.rankdirOverride ?? configured ?? 'LR';
    const next: Rankdir = current === 'LR' ? 'TB' : 'LR';
    this.rankdirOverride = next;
    return next;
  }

  openGroup(key: string): void {
    // The most recent last; the oldest forgotten past MAX_KEPT_KEYS (the state is saved on every click).
    this.expanded = [...this.expanded.filter((k) => k !== key), key].slice(-MAX_KEPT_KEYS);
    this.collapsed = this.collapsed.filter((k) => k !== key);
  }

  closeGroup(key: string): void {
    this.expanded = this.expanded.filter((k) => k !== key);
    this.collapsed = [...this.collapsed.filter((k) => k !== key), key].slice(-MAX_KEPT_KEYS);
  }

  /** Every group as the summary first shows it (another file or cell has other groups). */
  forgetGroups(): void {
    this.expanded = [];
    this.collapsed = [];
  }

  /** Closes `open` (the clusters on screen) and every group opened before. */
  collapseAll(open: string[]): void {
    this.expanded = [];
    this.collapsed = [...new Set([...this.collapsed, ...open])];
  }
}
