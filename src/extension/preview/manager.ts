import * as vscode from 'vscode';
import { isWebviewState, type WebviewState } from '../../shared/protocol';
import { SHOW_GRAPH_COMMAND, STEP_THROUGH_COMMAND } from '../features/codeLens/adapter';
import { affects } from '../config';
import { Disposable } from '../dispose';
import { isGrad, type DocumentEvaluation, type DocumentProgress, type EvaluationService } from '../evaluation/service';
import { unguarded, type Guard } from '../guard';
import { cursorIn, cursorOf, GraphPanel, panelOptions, VIEW_TYPE, type PanelHost } from './panel';

export const OPEN_TO_SIDE_COMMAND = 'gradlens.openGraphToSide';

/**
 * Owns the one graph panel, like the Markdown preview's dynamic preview: it follows the
 * active `.grad` editor and keeps the last one while another kind of editor is active.
 */
export class GraphPreviewManager extends Disposable {
  private panel: GraphPanel | undefined;
  private readonly host: PanelHost;

  constructor(extensionUri: vscode.Uri, evaluations: EvaluationService, log: vscode.LogOutputChannel, guard: Guard = unguarded) {
    super();
    this.host = { evaluations, extensionUri, log };
    this._register(vscode.commands.registerCommand(OPEN_TO_SIDE_COMMAND, guard('Open graph to the side', (uri?: unknown) => this.openToSide(uri instanceof vscode.Uri ? uri : undefined), undefined)));
    this._register(vscode.commands.registerCommand(SHOW_GRAPH_COMMAND, guard('Show graph', (uri?: unknown, cell?: unknown) =>
      this.showGraph(uri instanceof vscode.Uri ? uri : undefined, Number.isSafeInteger(cell) && (cell as number) >= 0 ? (cell as number) : undefined),
    undefined)));
    this._register(vscode.commands.registerCommand(STEP_THROUGH_COMMAND, guard('Step through backward', (uri?: unknown, cell?: unknown) =>
      this.stepThrough(uri instanceof vscode.Uri ? uri : undefined, Number.isSafeInteger(cell) && (cell as number) >= 0 ? (cell as number) : undefined),
    undefined)));
    const revive = guard('Graph panel restore', (panel: vscode.WebviewPanel, state: unknown) => this.revive(panel, state), undefined);
    this._register(vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state: unknown) => revive(panel, state),
    }));
    // The panel's listeners share one guard name: a bug in any of them is one graph-panel failure.
    const panelGuard = <A extends unknown[]>(fn: (...args: A) => void) => guard('Graph panel', fn, undefined);
    this._register(vscode.window.onDidChangeActiveTextEditor(panelGuard((editor: vscode.TextEditor | undefined) => {
      if (editor !== undefined && isGrad(editor.document)) this.panel?.show(editor.document, cursorOf(editor));
    })));
    this._register(vscode.window.onDidChangeTextEditorSelection(panelGuard((event: vscode.TextEditorSelectionChangeEvent) => this.panel?.moveCursor(event.textEditor))));
    this._register(evaluations.onDidEvaluate(panelGuard((evaluation: DocumentEvaluation) => this.panel?.evaluated(evaluation))));
    this._register(evaluations.onDidProgress(panelGuard((event: DocumentProgress) => this.panel?.progress(event))));
    this._register(vscode.workspace.onDidChangeTextDocument(panelGuard((event: vscode.TextDocumentChangeEvent) => {
      if (event.contentChanges.length > 0) this.panel?.documentChanged(event.document);
    })));
    this._register(vscode.workspace.onDidChangeConfiguration(panelGuard((event: vscode.ConfigurationChangeEvent) => {
      if (affects(event, 'precision', 'graph.layoutDirection', 'graph.summaryThreshold', 'graph.edgeDerivatives')) this.panel?.settingsChanged();
    })));
  }

  /**
   * Opens the panel beside the editor, or brings the open one forward, on `uri` (the
   * editor title button passes it) or the active `.grad` editor.
   */
  async openToSide(uri?: vscode.Uri): Promise<void> {
    const document = await this.gradDocument(uri);
    if (document === undefined) {
      if (this.panel !== undefined) this.panel.reveal();
      else void vscode.window.showInformationMessage('Open a .grad file to see its graph.');
      return;
    }
    this.ensurePanel().show(document, cursorIn(document.uri));
  }

  /** "Show graph" above a cell: the panel on that document and cell. */
  async showGraph(uri: vscode.Uri | undefined, cell: number | undefined): Promise<void> {
    if (cell === undefined) return this.openToSide(uri);
    const document = await this.gradDocument(uri);
    if (document === undefined) return;
    this.ensurePanel().show(document, cursorIn(document.uri), cell);
  }

  /**
   * "Step through backward" (the CodeLens above a cell, or the palette on the active
   * editor): the panel on that cell, stepping through its backward pass.
   */
  async stepThrough(uri: vscode.Uri | undefined, cell: number | undefined): Promise<void> {
    const document = await this.gradDocument(uri);
    if (document === undefined) {
      void vscode.window.showInformationMessage('Open a .grad file to step through its backward pass.');
      return;
    }
    const panel = this.ensurePanel();
    panel.show(document, cursorIn(document.uri), cell);
    panel.stepThrough('backward');
  }

  override dispose(): void {
    // The panel comes and goes with the user, so it is not registered: it goes first.
    this.panel?.dispose();
    super.dispose();
  }

  private ensurePanel(): GraphPanel {
    if (this.panel !== undefined) {
      this.panel.reveal();
      return this.panel;
    }
    const webviewPanel = vscode.window.createWebviewPanel(
      VIEW_TYPE,
      'GradLens Graph',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      panelOptions(this.host.extensionUri),
    );
    return this.adopt(new GraphPanel(webviewPanel, this.host));
  }

  /** A panel from before a window reload, with the state its page saved. */
  private async revive(webviewPanel: vscode.WebviewPanel, raw: unknown): Promise<void> {
    if (this.panel !== undefined) {
      // One panel at a time: a second one restored beside it would only repeat it.
      webviewPanel.dispose();
      return;
    }
    const state: WebviewState | undefined = isWebviewState(raw) ? raw : undefined;
    const panel = this.adopt(new GraphPanel(webviewPanel, this.host, state));
    if (state === undefined) {
      const editor = vscode.window.activeTextEditor;
      if (editor !== undefined && isGrad(editor.document)) panel.show(editor.document, cursorOf(editor));
      return;
    }
    const uri = vscode.Uri.parse(state.uri);
    try {
      const document = await vscode.workspace.openTextDocument(uri);
      if (this.isCurrent(panel)) panel.show(document, cursorIn(uri));
    } catch (error) {
      this.host.log.warn(`Graph panel: could not reopen ${state.uri}: ${String(error)}`);
      if (this.isCurrent(panel)) panel.failed(uri, error);
    }
  }

  /** Still the panel after an await (the user may have closed it meanwhile). */
  private isCurrent(panel: GraphPanel): boolean {
    return this.panel === panel;
  }

  private adopt(panel: GraphPanel): GraphPanel {
    this.panel = panel;
    panel.onDidDispose(() => {
      if (this.panel === panel) this.panel = undefined;
    });
    return panel;
  }

  private async gradDocument(uri: vscode.Uri | undefined): Promise<vscode.TextDocument | undefined> {
    if (uri === undefined) {
      const editor = vscode.window.activeTextEditor;
      return editor !== undefined && isGrad(editor.document) ? editor.document : undefined;
    }
    const key = uri.toString();
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
    const document = open ?? (await vscode.workspace.openTextDocument(uri));
    return isGrad(document) ? document : undefined;
  }
}
