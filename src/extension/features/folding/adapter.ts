import * as vscode from 'vscode';
import { blockFolds, cellFolds } from './content';

/** Folds each `# %%` cell, as notebooks-in-a-file do in the Python extension, and each indented block. */
export function registerFolding(selector: vscode.DocumentSelector): vscode.Disposable {
  return vscode.languages.registerFoldingRangeProvider(selector, {
    provideFoldingRanges(document) {
      const text = document.getText();
      return [
        ...cellFolds(text).map((fold) => new vscode.FoldingRange(fold.start, fold.end, vscode.FoldingRangeKind.Region)),
        ...blockFolds(text).map((fold) => new vscode.FoldingRange(fold.start, fold.end)),
      ];
    },
  });
}
