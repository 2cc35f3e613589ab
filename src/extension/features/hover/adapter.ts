import * as vscode from 'vscode';
import { LineIndex } from '../../../lang';
import { cellAt, identifierAt, referenceAt } from '../../cells';
import { hoverContent, hoverMarkdown, localHoverContent, type HoverContent } from './content';
import { readConfig } from '../../config';
import type { DocumentEvaluation, EvaluationService } from '../../evaluation/service';
import { toOffset, toRange } from '../../ranges';
import { unguarded, type Guard } from '../../guard';

/**
 * How long a hover waits for the current version's result before showing the previous
 * one, marked stale: long enough for a straight-line file (evaluated inline after the
 * debounce), short of a training loop's seconds.
 */
export const STALE_HOVER_AFTER_MS = 200;

/** A variable's data, gradient and local derivatives on hover; for a line in a loop, its history and sparkline. */
export function registerHover(selector: vscode.DocumentSelector, evaluations: EvaluationService, guard: Guard = unguarded): vscode.Disposable {
  return vscode.languages.registerHoverProvider(selector, {
    provideHover: guard('Hover', async (document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken) => {
      const evaluation = await evaluationFor(evaluations, document, position, token);
      if (!evaluation) return undefined;
      const stale = evaluation.version !== document.version;
      const offset = toOffset(evaluation.lines, position);
      const precision = readConfig(document).precision;
      const text = evaluation.lines.text;
      const show = (content: HoverContent, range: vscode.Range) =>
        // hoverMarkdown escapes every piece of user text; the string stays untrusted and HTML-free.
        new vscode.Hover(new vscode.MarkdownString(hoverMarkdown({ ...content, stale })), range);
      const found = referenceAt(evaluation.result, offset);
      if (found) return show(hoverContent(found.cell, found.reference, precision, text), toRange(evaluation.lines, found.reference.range));
      const word = identifierAt(text, offset);
      const cell = cellAt(evaluation.result, offset);
      const local = word && cell ? localHoverContent(cell, word.name, offset, precision, text) : undefined;
      if (!word || !local) return undefined;
      return show(local, toRange(evaluation.lines, word.range));
    }, undefined),
  });
}

/**
 * The current version's evaluation; or, when it is not ready within STALE_HOVER_AFTER_MS
 * (a training loop runs for seconds), the previous one, if the hovered line reads the
 * same in both texts (so its offsets still point at what is under the cursor).
 */
async function evaluationFor(
  evaluations: EvaluationService, document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken,
): Promise<DocumentEvaluation | undefined> {
  const current = evaluations.whenEvaluated(document, token);
  const previous = evaluations.latest(document);
  if (!previous || previous.version === document.version || !sameLine(previous.lines, document.getText(), position.line)) return current;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const fallback = new Promise<DocumentEvaluation>((resolve) => { timer = setTimeout(() => resolve(previous), STALE_HOVER_AFTER_MS); });
  try {
    return await Promise.race([current, fallback]);
  } finally {
    clearTimeout(timer);
  }
}

function sameLine(lines: LineIndex, now: string, line: number): boolean {
  const current = new LineIndex(now);
  if (line >= lines.lineCount || line >= current.lineCount) return false;
  const text = (index: LineIndex, l: number) => index.text.slice(index.lineStart(l), l + 1 < index.lineCount ? index.lineStart(l + 1) : index.text.length);
  return text(lines, line) === text(current, line);
}
