import * as vscode from 'vscode';
import { affects, readConfig } from '../../config';
import { inlineValues, type InlineValue } from './content';
import type { EvaluationService } from '../../evaluation/service';
import { toOffset, toPosition } from '../../ranges';
import { unguarded, type Guard } from '../../guard';

const TOOLTIPS: Record<InlineValue['kind'], (name: string) => string> = {
  value: (name) => `${name}: data after this line, gradient as the cell shows it`,
  printed: () => 'what print() wrote',
  backward: () => 'backward() sets the root\'s grad to 1 and adds into every other grad, as micrograd does: reset grads (x.grad = 0.0) before calling it again',
};

/** `= data  ∇ grad` after each assignment, unless gradlens.inlineValues.enabled is off. */
export function registerInlineValues(selector: vscode.DocumentSelector, evaluations: EvaluationService, guard: Guard = unguarded): vscode.Disposable {
  const changed = new vscode.EventEmitter<void>();
  const provider: vscode.InlayHintsProvider = {
    onDidChangeInlayHints: changed.event,
    provideInlayHints: guard('Inline values', async (document: vscode.TextDocument, range: vscode.Range, token: vscode.CancellationToken) => {
      const config = readConfig(document);
      if (!config.inlineValuesEnabled) return [];
      const evaluation = await evaluations.whenEvaluated(document, token);
      if (!evaluation) return undefined;
      const { lines } = evaluation;
      const within = { start: toOffset(lines, range.start), end: toOffset(lines, range.end) };
      return inlineValues(evaluation.result, lines, config.precision, within).map((v) => {
        const hint = new vscode.InlayHint(toPosition(lines, v.offset), v.text);
        hint.paddingLeft = true;
        hint.tooltip = TOOLTIPS[v.kind](v.name);
        return hint;
      });
    }, []),
  };
  return vscode.Disposable.from(
    changed,
    vscode.languages.registerInlayHintsProvider(selector, provider),
    // VS Code asks again on edits, but a new evaluation can arrive after it asked.
    evaluations.onDidEvaluate(() => changed.fire()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affects(e, 'inlineValues.enabled', 'precision')) changed.fire();
    }),
  );
}
