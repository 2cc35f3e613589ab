import * as vscode from 'vscode';
import type { Diagnostic } from '../../../lang';
import type { DocumentEvaluation, EvaluationService } from '../../evaluation/service';
import { toRange } from '../../ranges';
import { unguarded, type Guard } from '../../guard';

export const DIAGNOSTIC_SOURCE = 'gradlens';

/** The core's problems in the Problems view, replaced with each evaluation and dropped when the file closes. */
export function registerDiagnostics(evaluations: EvaluationService, guard: Guard = unguarded): vscode.Disposable {
  const collection = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE);
  return vscode.Disposable.from(
    collection,
    evaluations.onDidEvaluate(guard('Diagnostics', ({ uri, result, lines }: DocumentEvaluation) => {
      collection.set(uri, result.diagnostics.map((d) => {
        const diagnostic = new vscode.Diagnostic(toRange(lines, d.range), d.message, severity(d));
        diagnostic.source = DIAGNOSTIC_SOURCE;
        // An error inside a function lists the calls that led there: a traceback to click through.
        if (d.related) {
          diagnostic.relatedInformation = d.related.map((r) =>
            new vscode.DiagnosticRelatedInformation(new vscode.Location(uri, toRange(lines, r.range)), r.message));
        }
        return diagnostic;
      }));
    }, undefined)),
    vscode.workspace.onDidCloseTextDocument((document) => collection.delete(document.uri)),
  );
}

function severity(d: Diagnostic): vscode.DiagnosticSeverity {
  return d.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning;
}
