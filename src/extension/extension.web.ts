import { bundleStartedAt } from './loadClock';
import * as vscode from 'vscode';
import { activateWith } from './activate';
import { webWorker } from './evaluation/webWorker';

// The browser build (package.json "browser", dist/web/extension.js): VS Code for the Web
// (vscode.dev, github.dev) and code-server's web-worker extension host. No Node there:
// scripts/build.mjs refuses any Node built-in in this bundle.

// The last of the bundle's top level to run (every import's code has run before it).
const bundleEvaluatedAt = performance.now();

export function activate(context: vscode.ExtensionContext): void {
  const script = vscode.Uri.joinPath(context.extensionUri, 'dist', 'web', 'evalWorker.js');
  // Read once, through vscode.workspace.fs (the one way to the extension's files in every
  // host), the first time a large file needs the worker; every later worker (a fresh one
  // after each cancellation) starts from the same Blob URL. A failed read is tried again.
  let url: Promise<string> | undefined;
  const scriptUrl = () => {
    url ??= Promise.resolve(vscode.workspace.fs.readFile(script)).then(
      (bytes) => URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'text/javascript' })),
      (error: unknown) => {
        url = undefined;
        throw error;
      },
    );
    return url;
  };
  activateWith(context, webWorker(scriptUrl), 'browser', { startedAt: bundleStartedAt, evaluatedAt: bundleEvaluatedAt });
}

export function deactivate(): void {
  // Everything is in context.subscriptions, which VS Code disposes.
}
