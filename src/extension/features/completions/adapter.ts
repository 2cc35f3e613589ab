import * as vscode from 'vscode';
import { readConfig } from '../../config';
import { completionsAt, type Completion } from './content';
import type { EvaluationService } from '../../evaluation/service';
import { toOffset } from '../../ranges';
import { unguarded, type Guard } from '../../guard';

const KINDS: Record<Completion['kind'], vscode.CompletionItemKind> = {
  variable: vscode.CompletionItemKind.Variable,
  function: vscode.CompletionItemKind.Function,
  method: vscode.CompletionItemKind.Method,
  property: vscode.CompletionItemKind.Property,
};

/** Variables with their numbers, the built-in functions, and a Value's members after `.`. */
export function registerCompletions(selector: vscode.DocumentSelector, evaluations: EvaluationService, guard: Guard = unguarded): vscode.Disposable {
  return vscode.languages.registerCompletionItemProvider(selector, {
    provideCompletionItems: guard('Completions', async (document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken) => {
      const evaluation = await evaluations.whenEvaluated(document, token);
      if (!evaluation) return undefined;
      const { lines } = evaluation;
      return completionsAt(evaluation.result, lines.text, toOffset(lines, position), readConfig(document).precision).map((c) => {
        const item = new vscode.CompletionItem(c.label, KINDS[c.kind]);
        item.detail = c.detail;
        if (c.insert) item.insertText = c.insert;
        return item;
      });
    }, []),
  }, '.');
}
