import * as vscode from 'vscode';
import { blockFolds, cellFolds } from './content';
import { unguarded, type Guard } from '../../guard';

/** Folds each `# %%` cell, as notebooks-in-a-file do in the Python extension, and each indented block. */
export function registerFolding(selector: vscode.DocumentSelector, guard: Guard = unguarded): vscode.Disposable {
  return vscode.languages.registerFoldingRangeProvider(selector, {
    provideFoldingRanges: guard('Folding', (document: vscode.TextDocument) => {
      const text = document.getText();
      return [
        ...cellFolds(text).map((fold) => new vscode.FoldingRange(fold.start, fold.end, vscode.FoldingRangeKind.Region)),
        ...blockFolds(text).map((fold) => new vscode.FoldingRange(fold.start, fold.end)),
      ];
    }, []),
  });
}
