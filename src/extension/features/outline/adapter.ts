import * as vscode from 'vscode';
import type { LineIndex } from '../../../lang';
import { readConfig } from '../../config';
import { outline, type OutlineItem } from './content';
import type { EvaluationService } from '../../evaluation/service';
import { toRange } from '../../ranges';
import { unguarded, type Guard } from '../../guard';

/** The cells, and the variables each binds, in the Outline view and breadcrumbs. */
export function registerOutline(selector: vscode.DocumentSelector, evaluations: EvaluationService, guard: Guard = unguarded): vscode.Disposable {
  return vscode.languages.registerDocumentSymbolProvider(selector, {
    provideDocumentSymbols: guard('Outline', async (document: vscode.TextDocument, token: vscode.CancellationToken) => {
      const evaluation = await evaluations.whenEvaluated(document, token);
      if (!evaluation) return undefined;
      return outline(evaluation.result, readConfig(document).precision).map((item) => toSymbol(evaluation.lines, item));
    }, []),
  }, { label: 'GradLens cells' });
}

const SYMBOL_KINDS: Record<OutlineItem['kind'], vscode.SymbolKind> = {
  cell: vscode.SymbolKind.Namespace,
  variable: vscode.SymbolKind.Variable,
  function: vscode.SymbolKind.Function,
  class: vscode.SymbolKind.Class,
  method: vscode.SymbolKind.Method,
};

function toSymbol(lines: LineIndex, item: OutlineItem): vscode.DocumentSymbol {
  const kind = SYMBOL_KINDS[item.kind];
  const symbol = new vscode.DocumentSymbol(item.name, item.detail, kind, toRange(lines, item.range), toRange(lines, item.selectionRange));
  symbol.children = item.children.map((child) => toSymbol(lines, child));
  return symbol;
}
