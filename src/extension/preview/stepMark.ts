import * as vscode from 'vscode';
import type { RevealTarget } from './graphView';

// The editor's side of a step-through: the source that made the Value the panel's step
// is on, marked in every editor of the document (a background on the range, a mark in
// the overview ruler) and scrolled into view when it is off screen. One decoration type
// for the panel's life; `clear` takes the mark away when the step-through ends.

export class StepMark implements vscode.Disposable {
  private type: vscode.TextEditorDecorationType | undefined;
  /** The document marked and where, to clear it (and to mark an editor opened later). */
  private marked: { uri: string; range: vscode.Range } | null = null;

  /** Marks `target` in the editors of `uri`; the previous mark goes. */
  mark(uri: string, target: RevealTarget): void {
    this.type ??= vscode.window.createTextEditorDecorationType({
      // The find widget's colours: every theme makes them readable over code.
      backgroundColor: new vscode.ThemeColor('editor.findMatchHighlightBackground'),
      borderColor: new vscode.ThemeColor('editor.findMatchBorder'),
      borderStyle: 'solid',
      borderWidth: '1px',
      overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.findMatchForeground'),
      overviewRulerLane: vscode.OverviewRulerLane.Center,
    });
    const range = new vscode.Range(target.start.line, target.start.column, target.end.line, target.end.column);
    if (this.marked !== null && this.marked.uri !== uri) this.clear();
    this.marked = { uri, range };
    for (const editor of this.editorsOf(uri)) {
      editor.setDecorations(this.type, [range]);
      editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    }
  }

  clear(): void {
    const marked = this.marked;
    this.marked = null;
    if (marked === null || this.type === undefined) return;
    for (const editor of this.editorsOf(marked.uri)) editor.setDecorations(this.type, []);
  }

  dispose(): void {
    // Disposing the type takes its decorations out of every editor.
    this.type?.dispose();
    this.type = undefined;
    this.marked = null;
  }

  private editorsOf(uri: string): readonly vscode.TextEditor[] {
    return vscode.window.visibleTextEditors.filter((e) => e.document.uri.toString() === uri);
  }
}
