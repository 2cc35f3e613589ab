import * as vscode from 'vscode';
import { cellAt } from './content/cells';
import { checkReport } from './content/gradientCheck';
import { readConfig } from './config';
import { CHECK_GRADIENTS_COMMAND } from './codeLens';
import { isGrad, type EvaluationService } from './evaluation/service';
import { toOffset } from './ranges';

/**
 * `gradlens.checkGradients(uri?, cellIndex?)`: compares a cell's gradients with central
 * differences, as `gradlens check` does. From the CodeLens it gets both arguments; from
 * the Command Palette it checks the cell under the cursor of the active editor.
 */
export function registerCheckGradients(evaluations: EvaluationService, output: vscode.OutputChannel): vscode.Disposable {
  return vscode.commands.registerCommand(CHECK_GRADIENTS_COMMAND, async (uri?: vscode.Uri, cellIndex?: number) => {
    const editor = vscode.window.activeTextEditor;
    const document = uri
      ? await vscode.workspace.openTextDocument(uri)
      : editor && isGrad(editor.document) ? editor.document : undefined;
    if (!document) {
      void vscode.window.showInformationMessage('GradLens: open a .grad file to check its gradients.');
      return;
    }
    const evaluation = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: 'GradLens: checking gradients' },
      () => evaluations.evaluateOnce(document, { checkGradients: true }),
    );
    const { result, lines } = evaluation;
    const cell = typeof cellIndex === 'number'
      ? result.cells.find((c) => c.index === cellIndex)
      : editor && editor.document === document ? cellAt(result, toOffset(lines, editor.selection.active)) : result.cells[0];
    if (!cell) {
      void vscode.window.showWarningMessage(`GradLens: ${document.uri.fsPath} has no cell ${typeof cellIndex === 'number' ? cellIndex + 1 : 'here'} any more.`);
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
  });
}
