import * as vscode from 'vscode';
import { activateWith } from './activate';
import { webWorker } from './evaluation/webWorker';

// The browser build (package.json "browser", dist/web/extension.js): VS Code for the Web
// (vscode.dev, github.dev) and code-server's web-worker extension host. No Node there:
// scripts/build.mjs refuses any Node built-in in this bundle.

export function activate(context: vscode.ExtensionContext): void {
  // The web-worker extension host starts a nested Worker from one of the extension's own
  // URLs (it wraps the URL so the worker may load it from the extension's origin).
  const script = vscode.Uri.joinPath(context.extensionUri, 'dist', 'web', 'evalWorker.js');
  activateWith(context, webWorker(script.toString(true)), 'browser');
}

export function deactivate(): void {
  // Everything is in context.subscriptions, which VS Code disposes.
}
