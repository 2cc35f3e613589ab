import { bundleStartedAt } from './loadClock';
import * as vscode from 'vscode';
import { activateWith } from './activate';
import { nodeWorker } from './evaluation/nodeWorker';

// The Node build (package.json "main", dist/extension.js): VS Code desktop and a remote
// or code-server's server-side extension host. The browser build is extension.web.ts.

// The last of the bundle's top level to run (every import's code has run before it).
const bundleEvaluatedAt = performance.now();

export function activate(context: vscode.ExtensionContext): void {
  // The evaluation worker's bundle sits next to this one in dist/.
  activateWith(context, nodeWorker(vscode.Uri.joinPath(context.extensionUri, 'dist', 'evalWorker.js').fsPath), 'Node', { startedAt: bundleStartedAt, evaluatedAt: bundleEvaluatedAt });
}

export function deactivate(): void {
  // Everything is in context.subscriptions, which VS Code disposes.
}
