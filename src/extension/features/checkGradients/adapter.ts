import * as vscode from 'vscode';
import { cellAt } from '../../cells';
import { checkReport } from './content';
import { readConfig } from '../../config';
import { CHECK_GRADIENTS_COMMAND } from '../codeLens/adapter';
import { isGrad, type EvaluationService } from '../../evaluation/service';
import { toOffset } from '../../ranges';
import { unguarded, type Guard } from '../../guard';

/**
 * `gradlens.checkGradients(uri?, cellIndex?)`: compares a cell's gradients with central
 * differences, as `gradlens check` does. From the CodeLens it gets both arguments; from
 * the Command Palette it checks the cell under the cursor of the active editor.
 */
export function registerCheckGradients(evaluations: EvaluationService, output: vscode.OutputChannel, guard: Guard = unguarded): vscode.Disposable {
  return vscode.commands.registerCommand(CHECK_GRADIENTS_COMMAND, guard('Check gradients', async (uri?: vscode.Uri, cellIndex?: number) => {
    const editor = vscode.window.activeTextEditor;
    const document = uri
      ? await vscode.workspace.openTextDocument(uri)
      : editor && isGrad(editor.document) ? editor.document : undefined;
    if (!document) {
      void vscode.window.showInformationMessage('GradLens: open a .grad file to check its gradients.');
      return;
    }
    // Which cell: the lens says; from the palette, the one under the cursor.
    const current = await evaluations.evaluateNow(document);
    const index = typeof cellIndex === 'number'
      ? cellIndex
      : editor && editor.document === document ? cellAt(current.result, toOffset(current.lines, editor.selection.active))?.index : 0;
    // The file's name from its URI's path: the same on disk, in a browser's virtual
    // workspace (vscode-vfs://github/...) and in an untitled document.
    const name = document.uri.path.split('/').pop() || document.uri.path;
    if (index === undefined || current.result.cells[index] === undefined) {
      void vscode.window.showWarningMessage(`GradLens: ${name} has no cell ${typeof cellIndex === 'number' ? cellIndex + 1 : 'at the cursor'} to check.`);
      return;
    }
    // Only that cell is checked: checking is a forward pass per value, too slow to do
    // for every cell of a large file on a click.
    const evaluation = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: 'GradLens: checking gradients' },
      () => evaluations.evaluateOnce(document, { checkGradients: index }),
    );
    const cell = evaluation.result.cells[index];
    if (!cell) {
      void vscode.window.showWarningMessage(`GradLens: ${name} changed while its gradients were checked; try again.`);
      return;
    }
    const report = checkReport(cell, readConfig(document).precision);
    if (report.details.length > 0) {
      output.appendLine(`[${new Date().toLocaleTimeString()}] ${vscode.workspace.asRelativePath(document.uri)}`);
      for (const line of report.details) output.appendLine(line);
    }
    if (report.severity === 'info') {
      void vscode.window.showInformationMessage(report.message);
      return;
    }
    const choice = await vscode.window.showWarningMessage(report.message, 'Show Details');
    if (choice === 'Show Details') output.show(true);
  }, undefined));
}
