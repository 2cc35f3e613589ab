import * as vscode from 'vscode';
import { cellName } from '../../cells';
import type { EvaluationService } from '../../evaluation/service';
import { toPosition } from '../../ranges';
import { unguarded, type Guard } from '../../guard';

/** Registered by the graph panel (src/extension/preview/manager.ts): opens or focuses it on a cell. */
export const SHOW_GRAPH_COMMAND = 'gradlens.showGraph';
/** Registered by the graph panel (src/extension/preview/manager.ts): the panel on a cell, stepping through its backward pass. */
export const STEP_THROUGH_COMMAND = 'gradlens.stepThroughBackward';
/** Registered in features/checkGradients/adapter.ts. */
export const CHECK_GRADIENTS_COMMAND = 'gradlens.checkGradients';

/** "Show graph", "Step through backward" and "Check gradients" above each cell: its marker line, or the top of the file for the preamble. */
export function registerCodeLens(selector: vscode.DocumentSelector, evaluations: EvaluationService, guard: Guard = unguarded): vscode.Disposable {
  const changed = new vscode.EventEmitter<void>();
  const provider: vscode.CodeLensProvider = {
    onDidChangeCodeLenses: changed.event,
    provideCodeLenses: guard('CodeLens', async (document: vscode.TextDocument, token: vscode.CancellationToken) => {
      const evaluation = await evaluations.whenEvaluated(document, token);
      if (!evaluation) return undefined;
      return evaluation.result.cells.flatMap((cell) => {
        const at = toPosition(evaluation.lines, cell.markerRange?.start ?? 0);
        const range = new vscode.Range(at.line, 0, at.line, 0);
        const args = [document.uri, cell.index];
        const lenses = [new vscode.CodeLens(range, {
          title: 'Show graph',
          tooltip: `Show the graph of ${cellName(cell)} beside the editor`,
          command: SHOW_GRAPH_COMMAND,
          arguments: args,
        })];
        // Without an output there is nothing to differentiate, so nothing to step or check.
        if (cell.output !== null) {
          lenses.push(new vscode.CodeLens(range, {
            title: 'Step through backward',
            tooltip: `Replay backward() on ${cellName(cell)}'s graph node by node in the graph panel`,
            command: STEP_THROUGH_COMMAND,
            arguments: args,
          }));
          lenses.push(new vscode.CodeLens(range, {
            title: 'Check gradients',
            tooltip: `Compare ${cellName(cell)}'s gradients with central differences`,
            command: CHECK_GRADIENTS_COMMAND,
            arguments: args,
          }));
        }
        return lenses;
      });
    }, []),
  };
  return vscode.Disposable.from(
    changed,
    vscode.languages.registerCodeLensProvider(selector, provider),
    evaluations.onDidEvaluate(() => changed.fire()),
  );
}
