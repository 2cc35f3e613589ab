import type { GraphColumns } from '../../graph/columns';
import type { EvalProgress } from '../../lang/result';
import type { Position } from '../../lang/source';
import type {
  GraphSettings,
  HostToWebviewMessage,
  Rankdir,
  RevealMessage,
  StepAtMessage,
  UpdateMessage,
} from '../../shared/protocol';
import { cellAt } from '../cells';
import { highlightAt, sameIds } from './cells';
import { buildError, buildUpdate, rowOfId, type EvaluatedDocument } from './messages';

// What one graph panel shows and why, as a state machine without `vscode`: events come
// in (an evaluation, a cursor move, a message from the cell picker), and out come the
// messages the webview should get. The panel class only wires events to it.

export interface GraphViewOptions {
  /** The document shown, as `uri.toString()`; null until a `.grad` editor is known. */
  uri: string | null;
  /** The settings from the configuration. */
  settings: GraphSettings;
  /** A cell to come back on (a restored panel): shown until the cursor changes cell. */
  cell?: number;
  /** The direction the panel was in (a restored panel). */
  rankdir?: Rankdir;
}

/** A range in the evaluated text, ready for the editor. */
export interface RevealTarget {
  start: Position;
  end: Position;
}

interface Shown {
  update: UpdateMessage;
  doc: EvaluatedDocument;
}

export class GraphView {
  private uri: string | null;
  /** The newest evaluation of `uri`. */
  private doc: EvaluatedDocument | null = null;
  /** The cursor in `uri`'s editor, in the evaluated text's lines. */
  private cursor: Position | null = null;
  /** A cell chosen in the picker (or restored), shown until the cursor changes cell. */
  private pinned: number | null;
  private base: GraphSettings;
  /** The panel's own direction when it differs from the configured one. */
  private rankdir: Rankdir | null;
  /** The last update sent: what the webview draws, and the evaluation its node ids and ranges belong to. */
  private shown: Shown | null = null;
  /** The highlight the webview has now. */
  private highlight: number[] = [];
  /** Where a click on a node put the cursor, and that node: the cursor's arrival there keeps it highlighted. */
  private revealed: { at: Position; node: number } | null = null;

  constructor(options: GraphViewOptions) {
    this.uri = options.uri;
    this.base = options.settings;
    this.pinned = options.cell ?? null;
    this.rankdir = options.rankdir !== undefined && options.rankdir !== options.settings.rankdir ? options.rankdir : null;
  }

  get documentUri(): string | null {
    return this.uri;
  }

  /** The cell the panel shows (or would show, once its document is evaluated). */
  get cell(): number {
    return this.doc === null ? (this.pinned ?? 0) : this.cellToShow(this.doc);
  }

  get settings(): GraphSettings {
    return { ...this.base, rankdir: this.rankdir ?? this.base.rankdir };
  }

  /** The version of the evaluation the panel holds, if any. */
  get version(): number | null {
    return this.doc?.version ?? null;
  }

  /**
   * The active `.grad` editor is now `uri`. Another document starts over at its cursor's
   * cell; the same document (another editor of it, or focus coming back from the
   * panel) is a cursor move.
   */
  showDocument(uri: string, cursor: Position | null): HostToWebviewMessage[] {
    if (uri === this.uri) return cursor === null ? [] : this.moveCursor(cursor);
    this.uri = uri;
    this.doc = null;
    this.cursor = cursor;
    this.pinned = null;
    this.revealed = null;
    return [];
  }

  /** "Show graph" on a cell: that document, that cell, pinned as if picked in the panel. */
  showCell(uri: string, cell: number, cursor: Position | null): HostToWebviewMessage[] {
    if (uri !== this.uri) this.showDocument(uri, cursor);
    return this.selectCell(cell, cursor);
  }

  /**
   * The document was closed and opened again. Its versions count from 1 again, so
   * nothing held about the old ones compares with the new: start from the next evaluation.
   */
  documentReopened(): void {
    this.doc = null;
    this.shown = null;
    this.highlight = [];
    this.revealed = null;
  }

  evaluated(doc: EvaluatedDocument): HostToWebviewMessage[] {
    if (doc.uri !== this.uri) return [];
    if (this.doc !== null && doc.version < this.doc.version) return [];
    this.doc = doc;
    return this.render(false);
  }

  moveCursor(cursor: Position): HostToWebviewMessage[] {
    const doc = this.doc;
    const previous = this.cursor;
    this.cursor = cursor;
    if (this.revealed !== null && !samePosition(this.revealed.at, cursor)) this.revealed = null;
    if (doc === null) return [];
    if (this.pinned !== null && previous !== null && this.cellOf(doc, previous) !== this.cellOf(doc, cursor)) {
      this.pinned = null;
    }
    const shown = this.shown;
    if (shown === null || shown.update.uri !== doc.uri || shown.update.cell !== this.cellToShow(doc)) {
      return this.render(false);
    }
    return this.postHighlight(shown, this.highlightOf(shown, doc));
  }

  /**
   * The cell picker chose a cell: show it until the cursor moves to another cell.
   * `cursor` is where the cursor is now, when the caller knows it, so that "another
   * cell" is measured from there.
   */
  selectCell(index: number, cursor: Position | null = null): HostToWebviewMessage[] {
    if (cursor !== null) this.cursor = cursor;
    if (this.doc === null) {
      this.pinned = index;
      return [];
    }
    if (index >= this.doc.result.cells.length) return [];
    this.pinned = index;
    return this.render(false);
  }

  setRankdir(rankdir: Rankdir): HostToWebviewMessage[] {
    this.rankdir = rankdir === this.base.rankdir ? null : rankdir;
    return this.render(true);
  }

  setSettings(settings: GraphSettings): HostToWebviewMessage[] {
    const base = this.base;
    if (
      settings.precision === base.precision &&
      settings.rankdir === base.rankdir &&
      settings.summaryBudget === base.summaryBudget &&
      settings.edgeDerivatives === base.edgeDerivatives
    ) return [];
    const own = this.rankdir;
    this.base = settings;
    // A direction picked in the panel stays; it is kept apart only while it differs.
    this.rankdir = own === settings.rankdir ? null : own;
    return this.render(true);
  }

  /**
   * A loop of `uri`'s evaluation at `version` reported progress: the page shows "step k
   * of N" and grows the charts. Progress of a version older than the one shown is late.
   */
  progress(uri: string, version: number, progress: EvalProgress): HostToWebviewMessage[] {
    if (uri !== this.uri || (this.doc !== null && version < this.doc.version)) return [];
    const { cell, step, total, series } = progress;
    return [{ type: 'progress', uri, version, cell, step, total, series }];
  }

  /**
   * The document changed (now at `version`) after the results the page shows: it keeps
   * them, marked stale, until the evaluation of the new text arrives.
   */
  documentChanged(uri: string, version: number): HostToWebviewMessage[] {
    if (uri !== this.uri || this.shown === null || this.shown.update.uri !== uri || version <= this.shown.update.version) return [];
    return [{ type: 'stale', uri, version }];
  }

  /** A (re)loaded page is listening: it has nothing, so it gets everything. */
  ready(): HostToWebviewMessage[] {
    return this.render(true);
  }

  /**
   * Where a clicked node was defined, or null when the click is on a graph older than
   * the document (its ranges no longer index the text) or on a node without a source.
   * The panel stays on the clicked graph's cell while the cursor stays in the cell it
   * lands in, and the clicked node stays highlighted.
   */
  reveal(message: RevealMessage, documentVersion: number): { target: RevealTarget; messages: HostToWebviewMessage[] } | null {
    const shown = this.shown;
    if (shown === null || message.uri !== shown.update.uri || message.uri !== this.uri) return null;
    if (message.version !== shown.update.version || message.version !== documentVersion) return null;
    const target = siteOf(shown, message.nodeId);
    if (target === null) return null;
    this.pinned = shown.update.cell;
    this.cursor = target.end;
    this.revealed = { at: target.end, node: message.nodeId };
    return { target, messages: this.postHighlight(shown, [message.nodeId]) };
  }

  /**
   * Where the Value a step-through is on was made, to mark in the editor; null when the
   * step is on a graph older than the document or on a Value without a source. Unlike a
   * click, it moves neither the cursor nor the panel's cell.
   */
  stepSite(message: StepAtMessage, documentVersion: number): RevealTarget | null {
    const shown = this.shown;
    if (message.nodeId === null || shown === null || message.uri !== shown.update.uri || message.uri !== this.uri) return null;
    if (message.version !== shown.update.version || message.version !== documentVersion) return null;
    return siteOf(shown, message.nodeId);
  }

  private postHighlight(shown: Shown, ids: number[]): HostToWebviewMessage[] {
    if (sameIds(ids, this.highlight)) return [];
    this.highlight = ids;
    shown.update = { ...shown.update, highlight: ids };
    return [{ type: 'highlight', ids }];
  }

  private render(full: boolean): HostToWebviewMessage[] {
    const doc = this.doc;
    if (doc === null) return [];
    const cell = this.cellToShow(doc);
    const error = buildError(doc);
    const shown = this.shown;
    const fresh = buildUpdate(doc, cell, [], this.settings);
    // While the shown cell has an error, what ran of it is not the graph the user is
    // writing (a half-typed last line makes an earlier value the output): the last good
    // graph of the same cell stays on screen under the error instead.
    const keep =
      error !== null &&
      (fresh.graphSize === 0 || doc.result.cells[cell]?.hasError === true) &&
      shown !== null &&
      shown.update.uri === doc.uri &&
      shown.update.cell === cell &&
      shown.update.columns !== null;
    const messages: HostToWebviewMessage[] = [];
    if (keep) {
      const highlight = this.highlightOf(shown, doc);
      if (full) {
        // Still the old version's graph, whose ids and ranges a click must be checked
        // against; marked kept, so the page takes it although the error it has seen is newer.
        shown.update = { ...shown.update, highlight, settings: fresh.settings, kept: true };
        this.highlight = highlight;
        messages.push(shown.update);
      } else {
        messages.push(...this.postHighlight(shown, highlight));
      }
    } else {
      fresh.highlight = this.highlightIn(doc, fresh.columns);
      this.shown = { update: fresh, doc };
      this.highlight = fresh.highlight;
      messages.push(fresh);
    }
    if (error !== null) messages.push(error);
    return messages;
  }

  private cellToShow(doc: EvaluatedDocument): number {
    const count = doc.result.cells.length;
    if (count === 0) return 0;
    if (this.pinned !== null && this.pinned < count) return this.pinned;
    if (this.cursor !== null) return this.cellOf(doc, this.cursor);
    const shown = this.shown;
    if (shown !== null && shown.update.uri === doc.uri) return Math.min(shown.update.cell, count - 1);
    return 0;
  }

  private cellOf(doc: EvaluatedDocument, position: Position): number {
    return cellAt(doc.result, doc.lines.offsetAt(position))?.index ?? 0;
  }

  /**
   * The cursor's highlight in the graph on screen. A graph kept from an older
   * evaluation gets none: the cursor's node ids come from the new one and would name
   * other nodes of it.
   */
  private highlightOf(shown: Shown, doc: EvaluatedDocument): number[] {
    return shown.doc === doc ? this.highlightIn(doc, shown.update.columns) : [];
  }

  private highlightIn(doc: EvaluatedDocument, columns: GraphColumns | null): number[] {
    if (this.cursor === null || columns === null) return [];
    const revealed = this.revealed;
    if (revealed !== null && samePosition(revealed.at, this.cursor)) {
      return rowOfId(columns, revealed.node) >= 0 ? [revealed.node] : [];
    }
    return highlightAt(doc.result, doc.lines.offsetAt(this.cursor), columns);
  }
}

/** The source range that made node `nodeId` of the graph shown, or null. */
function siteOf(shown: Shown, nodeId: number): RevealTarget | null {
  const columns = shown.update.columns;
  const row = columns === null ? -1 : rowOfId(columns, nodeId);
  const site = row < 0 || columns === null ? -1 : columns.site[row];
  const range = site < 0 || columns === null ? undefined : columns.sites[site];
  if (range === undefined) return null;
  const lines = shown.doc.lines;
  return { start: lines.positionAt(range.start), end: lines.positionAt(range.end) };
}

function samePosition(a: Position, b: Position): boolean {
  return a.line === b.line && a.column === b.column;
}
