import * as vscode from 'vscode';
import type { EvaluationService } from '../evaluation/service';
import { GraphPreviewManager } from './manager';

/**
 * The graph panel: commands gradlens.openGraphToSide and gradlens.showGraph, and the
 * serializer that brings the panel back after a window reload.
 */
export function registerGraphPreview(context: vscode.ExtensionContext, evaluations: EvaluationService): vscode.Disposable {
  const log = vscode.window.createOutputChannel('GradLens Graph', { log: true });
  const manager = new GraphPreviewManager(context.extensionUri, evaluations, log);
  return vscode.Disposable.from(manager, log);
}
