import * as vscode from 'vscode';
import type { Position } from '../../lang/source';
import {
  MAX_WEBVIEW_NAME,
  webviewMessageProblem,
  type WebviewToHostMessage,
  type GraphSettings,
  type HostToWebviewMessage,
  type RevealMessage,
  type StepAtMessage,
  type StepMode,
  type WebviewState,
} from '../../shared/protocol';
import { createNonce, webviewHtml } from './html';
import { readConfig } from '../config';
import { Disposable } from '../dispose';
import type { DocumentEvaluation, DocumentProgress, EvaluationService } from '../evaluation/service';
import { copyToClipboard, revealInEditor, saveExport } from './actions';
import { exportFileName } from './exportName';
import { GraphView } from './graphView';
import { StepMark } from './stepMark';

export const VIEW_TYPE = 'gradlens.graph';

/** What every panel shares: where evaluations come from, the extension's files, the log. */
export interface PanelHost {
  readonly evaluations: EvaluationService;
  readonly extensionUri: vscode.Uri;
  readonly log: vscode.LogOutputChannel;
}

/** Scripts on, and nothing loadable but the extension's bundles. */
export function panelOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist')],
  };
}

export function graphSettings(scope?: vscode.ConfigurationScope): GraphSettings {
  const config = readConfig(scope);
  return { precision: config.precision, rankdir: config.layoutDirection, summaryBudget: config.summaryThreshold, edgeDerivatives: config.edgeDerivatives };
}

export function cursorOf(editor: vscode.TextEditor): Position {
  const active = editor.selection.active;
  return { line: active.line, column: active.character };
}

/** The cursor of an editor showing `uri`, the active one first, else null. */
export function cursorIn(uri: vscode.Uri): Position | null {
  const key = uri.toString();
  const active = vscode.window.activeTextEditor;
  if (active !== undefined && active.document.uri.toString() === key) return cursorOf(active);
  const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === key);
  return visible === undefined ? null : cursorOf(visible);
}

/**
 * One graph panel: a webview bound to a GraphView. It feeds the view the editor's
 * events and the evaluations of its document, posts what the view answers, and carries
 * out what the page asks for.
 */
export class GraphPanel extends Disposable {
  private readonly view: GraphView;
  private readonly disposeEmitter = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposeEmitter.event;
  private uri: vscode.Uri | undefined;
  /**
   * The document was closed since the page last drew it. A reopened document counts its
   * versions from 1 again, below what the page has seen, so its first evaluation starts
   * a fresh page rather than being taken for a stale one.
   */
  private closed = false;
  /** Why the document could not be shown (a restored panel whose file is gone), for a page that loads. */
  private failure: HostToWebviewMessage | null = null;
  /**
   * A click is moving the editor. Its focus and selection events on the way may carry
   * the old cursor, which would look like a move to another cell and leave the graph
   * the user clicked in; the final selection is taken once the editor is there.
   */
  private revealing = false;
  /** The page has said `ready` since its HTML was last set: it hears what is posted. */
  private pageReady = false;
  /** A step-through asked for before the page could hear it: sent after its `ready`. */
  private pendingStep: StepMode | null = null;
  /** The editor's mark on the source of the Value the page's step-through is on. */
  private readonly stepMark = this._register(new StepMark());

  constructor(private readonly panel: vscode.WebviewPanel, private readonly host: PanelHost, state?: WebviewState) {
    super();
    this.uri = state === undefined ? undefined : vscode.Uri.parse(state.uri);
    this.view = new GraphView({
      uri: state?.uri ?? null,
      settings: graphSettings(this.uri),
      ...(state === undefined ? {} : { cell: state.cell, rankdir: state.rankdir }),
    });
    panel.webview.options = panelOptions(host.extensionUri);
    panel.webview.html = this.html(state);
    this.updateTitle();
    this._register(panel.onDidDispose(() => this.dispose()));
    this._register(panel.webview.onDidReceiveMessage((message: unknown) => this.onMessage(message)));
    // A hidden page is unloaded (no retainContextWhenHidden): shown again, it loads anew
    // and says `ready`, and a step-through asked for meanwhile waits for that.
    this._register(panel.onDidChangeViewState(() => {
      if (!panel.visible) this.pageReady = false;
    }));
    this._register(vscode.workspace.onDidCloseTextDocument((document) => {
      if (this.uri !== undefined && document.uri.toString() === this.uri.toString()) this.closed = true;
    }));
    // After its listeners: by then ours on its onDidDispose is gone, so disposing the
    // webview panel does not call back into dispose().
    this._register(panel);
  }

  get documentUri(): string | null {
    return this.view.documentUri;
  }

  /** Shows `document` (at `cell`, pinned, when given), following the cursor of its editor. */
  show(document: vscode.TextDocument, cursor: Position | null, cell?: number): void {
    const key = document.uri.toString();
    const switching = key !== this.view.documentUri;
    if (this.revealing && !switching && cell === undefined) return;
    this.uri = document.uri;
    this.failure = null;
    if (switching) this.closed = false;
    this.post(cell === undefined ? this.view.showDocument(key, cursor) : this.view.showCell(key, cell, cursor));
    if (switching) {
      this.updateTitle();
      // Settings can differ per folder; the new document's apply from its first update.
      this.post(this.view.setSettings(graphSettings(document)));
    }
    if (this.view.version === null || this.closed) this.load(document);
  }

  moveCursor(editor: vscode.TextEditor): void {
    if (this.revealing || editor.document.uri.toString() !== this.view.documentUri) return;
    this.post(this.view.moveCursor(cursorOf(editor)));
  }

  evaluated(evaluation: DocumentEvaluation): void {
    const key = evaluation.uri.toString();
    if (key !== this.view.documentUri) return;
    const doc = { uri: key, version: evaluation.version, result: evaluation.result, lines: evaluation.lines };
    if (this.closed) {
      this.closed = false;
      this.view.documentReopened();
      this.view.evaluated(doc);
      // The new page asks with `ready` and gets the whole state then.
      this.pageReady = false;
      this.panel.webview.html = this.html();
      return;
    }
    this.post(this.view.evaluated(doc));
  }

  /** A loop of the shown document's running evaluation reported progress. */
  progress(event: DocumentProgress): void {
    if (this.closed) return;
    this.post(this.view.progress(event.uri.toString(), event.version, event.progress));
  }

  /** The document was edited: what the page shows is now stale until the next evaluation. */
  documentChanged(document: vscode.TextDocument): void {
    if (this.closed) return;
    this.post(this.view.documentChanged(document.uri.toString(), document.version));
  }

  settingsChanged(): void {
    this.post(this.view.setSettings(graphSettings(this.uri)));
  }

  /**
   * Starts the page's step-through of the shown cell's `mode` pass. A page still loading
   * (a panel just opened) gets it after its `ready` and the update that follows.
   */
  stepThrough(mode: StepMode): void {
    if (this.pageReady && this.panel.visible) this.post([{ type: 'stepThrough', mode }]);
    else this.pendingStep = mode;
  }

  /** Brings the panel forward in its column without taking the focus from the editor. */
  reveal(): void {
    this.panel.reveal(undefined, true);
  }

  /** Could not open the restored document: the page says so instead of waiting forever. */
  failed(uri: vscode.Uri, error: unknown): void {
    const reason = error instanceof Error ? error.message : String(error);
    this.failure = { type: 'error', uri: uri.toString(), version: 0, messages: [`${uri.fsPath || uri.toString()} could not be opened: ${reason}`] };
    this.post([this.failure]);
  }

  override dispose(): void {
    if (this.isDisposed) return;
    super.dispose();
    // Told after the webview panel is gone, so a listener never sees a half-disposed panel.
    this.disposeEmitter.fire();
    this.disposeEmitter.dispose();
  }

  private load(document: vscode.TextDocument): void {
    const ready = this.host.evaluations.get(document);
    if (ready !== undefined) {
      this.evaluated(ready);
      return;
    }
    this.host.evaluations.evaluateNow(document).then(
      (evaluation) => {
        if (!this.isDisposed) this.evaluated(evaluation);
      },
      // A newer edit or a close overtook it; the evaluation of the newer text arrives through onDidEvaluate.
      (error: unknown) => this.host.log.debug(`Graph panel: evaluating ${document.uri.toString()} was overtaken: ${String(error)}`),
    );
  }

  private onMessage(raw: unknown): void {
    // A webview is a web page: nothing it sends is acted on before its shape and size are checked.
    const problem = webviewMessageProblem(raw);
    if (problem !== null) {
      this.host.log.warn(`Graph panel: ignored a message from the webview: ${problem}`);
      return;
    }
    const message = raw as WebviewToHostMessage;
    switch (message.type) {
      case 'ready': {
        this.pageReady = true;
        this.stepMark.clear();
        const messages = this.view.ready();
        this.post(messages.length > 0 || this.failure === null ? messages : [this.failure]);
        if (this.pendingStep !== null) this.post([{ type: 'stepThrough', mode: this.pendingStep }]);
        this.pendingStep = null;
        break;
      }
      case 'stepAt':
        this.markStep(message);
        break;
      case 'selectCell':
        this.post(this.view.selectCell(message.index, this.uri === undefined ? null : cursorIn(this.uri)));
        break;
      case 'setRankdir':
        this.post(this.view.setRankdir(message.rankdir));
        break;
      case 'reveal':
        void this.revealNode(message).catch((e: unknown) => this.host.log.error(`Graph panel: revealing a node failed: ${String(e)}`));
        break;
      case 'save':
        // exportFileName keeps one plain name in the document's folder; say when it had to.
        if (exportFileName(message.suggestedName, message.format) !== message.suggestedName) {
          this.host.log.warn(`Graph panel: the export's suggested name ${JSON.stringify(message.suggestedName.slice(0, 200))} is not a plain file name; proposing ${JSON.stringify(exportFileName(message.suggestedName, message.format))}`);
        }
        void saveExport(message, this.uri).catch((e: unknown) => this.host.log.error(`Graph panel: exporting failed: ${String(e)}`));
        break;
      case 'copy':
        void copyToClipboard(message).catch((e: unknown) => this.host.log.error(`Graph panel: copying failed: ${String(e)}`));
        break;
      case 'error':
        this.host.log.error(`Graph panel (webview): ${cut(message.message)}${message.stack === undefined ? '' : `\n${cut(message.stack)}`}`);
        break;
    }
  }

  private markStep(message: StepAtMessage): void {
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === message.uri);
    const target = document === undefined || document.isClosed ? null : this.view.stepSite(message, document.version);
    if (target === null || document === undefined) {
      this.stepMark.clear();
      return;
    }
    const { start, end } = target;
    // From this version's evaluation, so inside the document; checked before any editor is touched.
    if (end.line >= document.lineCount || end.line < start.line) {
      this.stepMark.clear();
      return;
    }
    this.stepMark.mark(message.uri, target);
  }

  private async revealNode(message: RevealMessage): Promise<void> {
    const ignored = (why: string) => this.host.log.info(`Graph panel: ignored a reveal of node ${message.nodeId} (version ${message.version}): ${why}`);
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === message.uri);
    if (document === undefined || document.isClosed) return ignored('its document is not open');
    const revealed = this.view.reveal(message, document.version);
    if (revealed === null) return ignored(`not a node with a source in the graph shown of version ${document.version}`);
    // The target comes from the evaluation of this very version, so it lies in the
    // document; checked all the same before the editor is moved.
    const { start, end } = revealed.target;
    // (The view has taken the node as highlighted: the page is told so either way.)
    this.post(revealed.messages);
    if (start.line < 0 || start.column < 0 || end.line >= document.lineCount || end.line < start.line || end.column < 0) {
      return ignored(`its range ${start.line}:${start.column}-${end.line}:${end.column} lies outside the document's ${document.lineCount} lines`);
    }
    this.revealing = true;
    let editor: vscode.TextEditor;
    try {
      editor = await revealInEditor(document, revealed.target, this.panel.viewColumn);
    } finally {
      this.revealing = false;
    }
    this.moveCursor(editor);
  }

  private post(messages: HostToWebviewMessage[]): void {
    // A hidden page is unloaded (no retainContextWhenHidden); it asks for everything with `ready` when shown.
    if (this.isDisposed || !this.panel.visible) return;
    for (const message of messages) void this.panel.webview.postMessage(message);
  }

  private updateTitle(): void {
    const name = this.uri?.path.split('/').pop();
    this.panel.title = name ? `Graph: ${name}` : 'GradLens Graph';
  }

  private html(state?: WebviewState): string {
    const webview = this.panel.webview;
    const dist = vscode.Uri.joinPath(this.host.extensionUri, 'dist');
    return webviewHtml({
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.css')).toString(),
      cspSource: webview.cspSource,
      nonce: createNonce(),
      ...(state === undefined ? {} : { state }),
    });
  }
}

/** A page's error text, at most a log line's worth. */
function cut(text: string): string {
  return text.length <= MAX_WEBVIEW_NAME ? text : `${text.slice(0, MAX_WEBVIEW_NAME)}… (${text.length - MAX_WEBVIEW_NAME} more characters)`;
}
