import * as vscode from 'vscode';
import { EvaluationService, LANGUAGE_ID } from './evaluation/service';
import type { StartWorker } from './evaluation/workerPort';
import { registerFeatures } from './features';
import { registerGraphPreview } from './preview';
import { createGuard } from './guard';

// What both builds activate: the Node one (extension.ts) and the browser one
// (extension.web.ts) differ only in how they start the evaluation worker.
// Every feature reads evaluations from one EvaluationService, so a .grad document is
// evaluated once per pause in typing however many features (and panels) show it.

const selector: vscode.DocumentSelector = { language: LANGUAGE_ID };

/** Which bundle is running: dist/extension.js ('Node') or dist/web/extension.js ('browser'). */
export type Build = 'Node' | 'browser';

/** When the bundle's code began to run (loadClock.ts) and when its entry's top level ended, by performance.now(). */
export interface BundleClock {
  startedAt: number;
  evaluatedAt: number;
}

export function activateWith(context: vscode.ExtensionContext, startWorker: StartWorker, build: Build, bundle: BundleClock): void {
  const began = performance.now();
  // The one GradLens channel: gradient-check details, failed evaluations, the graph
  // panel's refused messages, and every provider's or command's exception (guard.ts).
  const output = vscode.window.createOutputChannel('GradLens', { log: true });
  const guard = createGuard(output);
  const evaluations = new EvaluationService({ startWorker, log: (message) => output.error(message) });
  context.subscriptions.push(output, evaluations, ...registerFeatures(selector, evaluations, output, guard));

  // The graph panel hooks in here: src/extension/preview/index.ts registers the
  // webview, gradlens.openGraphToSide and gradlens.showGraph on the same evaluations.
  context.subscriptions.push(registerGraphPreview(context, evaluations, output, guard));

  // Which host ran it, and how long activation took: what docs/performance.md records,
  // and how the web end-to-end test knows it ran in the web worker. performance.now()
  // counts from the start of the host's process (Node) or worker (browser).
  const ms = performance.now() - began;
  output.info(`GradLens activated in the ${hostKind()} extension host (${build} build) in ${ms.toFixed(1)} ms; `
    + `activate() began ${began.toFixed(0)} ms after the extension host started; `
    + `the bundle's code ran in ${(bundle.evaluatedAt - bundle.startedAt).toFixed(1)} ms, `
    + `${(began - bundle.evaluatedAt).toFixed(0)} ms before activate()`);
}

/** The host as the global scope shows it, not as the bundle assumes: Node has `process`, a Web Worker `importScripts`. */
export function hostKind(): 'Node' | 'web worker' | 'unknown' {
  const g = globalThis as { process?: { versions?: { node?: string } }; importScripts?: unknown };
  if (typeof g.process?.versions?.node === 'string') return 'Node';
  if (typeof g.importScripts === 'function') return 'web worker';
  return 'unknown';
}
