import * as vscode from 'vscode';
import type { EvaluationService } from '../evaluation/service';
import { unguarded, type Guard } from '../guard';
import { GraphPreviewManager } from './manager';

/**
 * The graph panel: commands gradlens.openGraphToSide and gradlens.showGraph, and the
 * serializer that brings the panel back after a window reload. It logs to the
 * extension's one GradLens channel.
 */
export function registerGraphPreview(
  context: vscode.ExtensionContext, evaluations: EvaluationService, log: vscode.LogOutputChannel, guard: Guard = unguarded,
): vscode.Disposable {
  return new GraphPreviewManager(context.extensionUri, evaluations, log, guard);
}
