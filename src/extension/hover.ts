import * as vscode from 'vscode';
import { referenceAt } from './content/cells';
import { hoverContent, hoverMarkdown } from './content/hover';
import { readConfig } from './config';
import type { EvaluationService } from './evaluation/service';
import { toOffset, toRange } from './ranges';

/** A variable's data, gradient and local derivatives on hover. */
export function registerHover(selector: vscode.DocumentSelector, evaluations: EvaluationService): vscode.Disposable {
  return vscode.languages.registerHoverProvider(selector, {
    async provideHover(document, position, token) {
      const evaluation = await evaluations.whenEvaluated(document, token);
      if (!evaluation) return undefined;
      const found = referenceAt(evaluation.result, toOffset(evaluation.lines, position));
      if (!found) return undefined;
      const content = hoverContent(found.cell, found.reference, readConfig(document).precision);
      // hoverMarkdown escapes every piece of user text; the string stays untrusted and HTML-free.
      const markdown = new vscode.MarkdownString(hoverMarkdown(content));
      return new vscode.Hover(markdown, toRange(evaluation.lines, found.reference.range));
    },
  });
}
