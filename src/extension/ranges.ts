import * as vscode from 'vscode';
import type { LineIndex, SourceRange } from '../lang';

// The core speaks in offsets into the evaluated text; the editor in lines and columns.
// Converting through the evaluation's own LineIndex keeps the two in step: the text it
// indexes is exactly the text the offsets came from.

export function toPosition(lines: LineIndex, offset: number): vscode.Position {
  const p = lines.positionAt(offset);
  return new vscode.Position(p.line, p.column);
}

export function toRange(lines: LineIndex, range: SourceRange): vscode.Range {
  return new vscode.Range(toPosition(lines, range.start), toPosition(lines, range.end));
}

export function toOffset(lines: LineIndex, position: vscode.Position): number {
  return lines.offsetAt({ line: position.line, column: position.character });
}
