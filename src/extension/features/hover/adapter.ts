import * as vscode from 'vscode';
import { cellAt, identifierAt, referenceAt } from '../../cells';
import { hoverContent, hoverMarkdown, localHoverContent } from './content';
import { readConfig } from '../../config';
import type { EvaluationService } from '../../evaluation/service';
import { toOffset, toRange } from '../../ranges';

/** A variable's data, gradient and local derivatives on hover. */
export function registerHover(selector: vscode.DocumentSelector, evaluations: EvaluationService): vscode.Disposable {
  return vscode.languages.registerHoverProvider(selector, {
    async provideHover(document, position, token) {
      const evaluation = await evaluations.whenEvaluated(document, token);
      if (!evaluation) return undefined;
      const offset = toOffset(evaluation.lines, position);
      const precision = readConfig(document).precision;
      const found = referenceAt(evaluation.result, offset);
      // hoverMarkdown escapes every piece of user text; the string stays untrusted and HTML-free.
      if (found) {
        const markdown = new vscode.MarkdownString(hoverMarkdown(hoverContent(found.cell, found.reference, precision)));
        return new vscode.Hover(markdown, toRange(evaluation.lines, found.reference.range));
      }
      const word = identifierAt(evaluation.lines.text, offset);
      const cell = cellAt(evaluation.result, offset);
      const local = word && cell ? localHoverContent(cell, word.name, offset, precision) : undefined;
      if (!word || !local) return undefined;
      return new vscode.Hover(new vscode.MarkdownString(hoverMarkdown(local)), toRange(evaluation.lines, word.range));
    },
  });
}
