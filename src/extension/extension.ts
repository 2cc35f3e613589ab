import * as vscode from 'vscode';
import { EvaluationService, LANGUAGE_ID } from './evaluation/service';
import { registerFeatures } from './features';
import { registerGraphPreview } from './preview';
import { createGuard } from './guard';

// Every feature reads evaluations from one EvaluationService, so a .grad document is
// evaluated once per pause in typing however many features (and panels) show it.

const selector: vscode.DocumentSelector = { language: LANGUAGE_ID };

export function activate(context: vscode.ExtensionContext): void {
  // The one GradLens channel: gradient-check details, failed evaluations, the graph
  // panel's refused messages, and every provider's or command's exception (guard.ts).
  const output = vscode.window.createOutputChannel('GradLens', { log: true });
  const guard = createGuard(output);
  const evaluations = new EvaluationService({ log: (message) => output.error(message) });
  context.subscriptions.push(output, evaluations, ...registerFeatures(selector, evaluations, output, guard));

  // The graph panel hooks in here: src/extension/preview/index.ts registers the
  // webview, gradlens.openGraphToSide and gradlens.showGraph on the same evaluations.
  context.subscriptions.push(registerGraphPreview(context, evaluations, output, guard));
}

export function deactivate(): void {
  // Everything is in context.subscriptions, which VS Code disposes.
}
