import * as vscode from 'vscode';
import { cellFolds } from './content/folding';

/** Folds each `# %%` cell, as notebooks-in-a-file do in the Python extension. */
export function registerFolding(selector: vscode.DocumentSelector): vscode.Disposable {
  return vscode.languages.registerFoldingRangeProvider(selector, {
    provideFoldingRanges(document) {
      return cellFolds(document.getText()).map(
        (fold) => new vscode.FoldingRange(fold.start, fold.end, vscode.FoldingRangeKind.Region));
    },
  });
}
