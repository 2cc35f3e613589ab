import * as vscode from 'vscode';
import type { CopyMessage, ExportFormat, SaveMessage } from '../../shared/protocol';
import type { RevealTarget } from './graphView';
import { exportBytes, exportFileName } from './exportName';

// What the panel's buttons and clicks do in the editor and on disk.

/**
 * Selects a node's source in the editor that already shows the document, so the click
 * does not open a second copy of it; otherwise opens it in a column away from the panel.
 */
export async function revealInEditor(document: vscode.TextDocument, target: RevealTarget, panelColumn: vscode.ViewColumn | undefined): Promise<vscode.TextEditor> {
  const key = document.uri.toString();
  const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === key);
  const viewColumn = visible?.viewColumn ?? (panelColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Beside : vscode.ViewColumn.One);
  const start = new vscode.Position(target.start.line, target.start.column);
  const end = new vscode.Position(target.end.line, target.end.column);
  return vscode.window.showTextDocument(document, { viewColumn, preserveFocus: false, selection: new vscode.Selection(start, end) });
}

const FILTERS: Record<ExportFormat, Record<string, string[]>> = {
  svg: { 'SVG image': ['svg'] },
  dot: { 'Graphviz DOT': ['dot', 'gv'] },
  png: { 'PNG image': ['png'] },
};

const FORMAT_NAMES: Record<ExportFormat, string> = { svg: 'SVG', dot: 'DOT', png: 'PNG' };


/** Asks where to save an export, proposing the webview's name next to the document, and writes it. */
export async function saveExport(message: SaveMessage, documentUri: vscode.Uri | undefined): Promise<void> {
  const name = exportFileName(message.suggestedName, message.format);
  // An untitled document has no folder; the workspace's first folder is the next best place.
  const folder = documentUri !== undefined && documentUri.scheme !== 'untitled'
    ? vscode.Uri.joinPath(documentUri, '..')
    : vscode.workspace.workspaceFolders?.[0]?.uri;
  const target = await vscode.window.showSaveDialog({
    defaultUri: folder === undefined ? undefined : vscode.Uri.joinPath(folder, name),
    filters: FILTERS[message.format],
    title: `Export as ${FORMAT_NAMES[message.format]}`,
    saveLabel: 'Export',
  });
  if (target === undefined) return;
  try {
    await vscode.workspace.fs.writeFile(target, exportBytes(message));
  } catch (e) {
    void vscode.window.showErrorMessage(`GradLens could not write ${target.fsPath || target.toString()}: ${e instanceof Error ? e.message : String(e)}`);
    return;
  }
  vscode.window.setStatusBarMessage(`$(check) Exported to ${target.path.split('/').pop() ?? name}`, 3000);
}

export async function copyToClipboard(message: CopyMessage): Promise<void> {
  await vscode.env.clipboard.writeText(message.text);
  vscode.window.setStatusBarMessage('$(check) Copied the graph to the clipboard', 2500);
}
