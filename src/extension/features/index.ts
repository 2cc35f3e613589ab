import type * as vscode from 'vscode';
import type { EvaluationService } from '../evaluation/service';
import type { Guard } from '../guard';
import { registerCheckGradients } from './checkGradients/adapter';
import { registerCodeLens } from './codeLens/adapter';
import { registerCompletions } from './completions/adapter';
import { registerDiagnostics } from './diagnostics/adapter';
import { registerFolding } from './folding/adapter';
import { registerHover } from './hover/adapter';
import { registerInlineValues } from './inlineValues/adapter';
import { registerOutline } from './outline/adapter';

// Every editor feature, registered on one EvaluationService: the list activation uses
// and the host tests register, so a feature cannot be live in one and missing in the other.

export function registerFeatures(
  selector: vscode.DocumentSelector,
  evaluations: EvaluationService,
  output: vscode.OutputChannel,
  guard: Guard,
): vscode.Disposable[] {
  return [
    registerDiagnostics(evaluations, guard),
    registerHover(selector, evaluations, guard),
    registerInlineValues(selector, evaluations, guard),
    registerCodeLens(selector, evaluations, guard),
    registerOutline(selector, evaluations, guard),
    registerFolding(selector, guard),
    registerCompletions(selector, evaluations, guard),
    registerCheckGradients(evaluations, output, guard),
  ];
}
