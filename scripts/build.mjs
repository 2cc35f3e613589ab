// One build script for every bundle GradLens ships. Each entry is built by esbuild;
// `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import path from 'node:path';
import { noNodeBuiltins } from './noNodeBuiltins.mjs';

const watch = process.argv.includes('--watch');

/**
 * The graph panel's layout worker, built on its own and handed to the page's bundle as
 * the string GRAPH_WORKER_SOURCE: the page starts it from a Blob URL, since a Worker from
 * the extension's own URL is cross-origin inside a webview and would not start.
 */
const graphWorkerSource = {
  name: 'graph-worker-source',
  setup(build) {
    build.onResolve({ filter: /^graph-worker-source$/ }, () => ({ path: 'graph-worker-source', namespace: 'graph-worker' }));
    build.onLoad({ filter: /.*/, namespace: 'graph-worker' }, async () => {
      const result = await esbuild.build({
        entryPoints: ['webview/graphWorker.ts'],
        bundle: true,
        write: false,
        metafile: true,
        platform: 'browser',
        format: 'iife',
        target: 'es2022',
        minify: true,
        logLevel: 'warning',
      });
      return {
        contents: `export default ${JSON.stringify(result.outputFiles[0].text)};`,
        loader: 'js',
        // --watch rebuilds the page when the worker's sources change.
        watchFiles: Object.keys(result.metafile.inputs).map((f) => path.resolve(f)),
      };
    });
  },
};

/** @type {esbuild.BuildOptions[]} */
const bundles = [
  {
    entryPoints: { cli: 'src/cli/main.ts' },
    platform: 'node',
    format: 'cjs',
    banner: { js: '#!/usr/bin/env node' },
  },
  {
    entryPoints: { bench: 'bench/run.ts' },
    platform: 'node',
    format: 'cjs',
  },
  {
    // The panel's figures (bench/panel.ts), run by dist/bench.js as a child process: they
    // drive Chromium through playwright-core, loaded from node_modules.
    entryPoints: { benchPanel: 'bench/panel.ts' },
    platform: 'node',
    format: 'cjs',
    external: ['playwright-core'],
  },
  {
    // The extension host's entry point; VS Code supplies the vscode module at run time.
    entryPoints: { extension: 'src/extension/extension.ts' },
    platform: 'node',
    format: 'cjs',
    external: ['vscode'],
  },
  {
    // Evaluates large .grad files off the extension host's thread; loaded from
    // dist/extension.js as path.join(__dirname, 'evalWorker.js').
    entryPoints: { evalWorker: 'src/extension/evaluation/evalWorker.ts' },
    platform: 'node',
    format: 'cjs',
  },
  {
    // The browser build (package.json "browser"): VS Code for the Web runs it in its
    // web-worker extension host, which loads a CommonJS module and supplies `vscode`.
    // Same sources as dist/extension.js, but no Node: noNodeBuiltins fails the build on
    // any Node built-in, and platform 'browser' defines no `process` or `Buffer`.
    entryPoints: { 'web/extension': 'src/extension/extension.web.ts' },
    platform: 'browser',
    format: 'cjs',
    external: ['vscode'],
    minify: true,
    // Names kept (about 4% more) so a stack in the GradLens log reads `WorkerRunner.run`,
    // not `a.b`: the source maps are not shipped.
    keepNames: true,
    plugins: [noNodeBuiltins],
  },
  {
    // The browser build's evaluation worker: a classic Web Worker script, started from
    // dist/web/extension.js as a nested Worker (src/extension/evaluation/webWorker.ts).
    entryPoints: { 'web/evalWorker': 'src/extension/evaluation/evalWorker.web.ts' },
    platform: 'browser',
    format: 'iife',
    minify: true,
    keepNames: true,
    plugins: [noNodeBuiltins],
  },
  {
    // The graph panel's script and stylesheet, loaded by the webview (src/extension/preview/html.ts).
    entryPoints: [
      { in: 'webview/main.ts', out: 'webview' },
      { in: 'webview/webview.css', out: 'webview' },
    ],
    platform: 'browser',
    format: 'iife',
    minify: true,
    plugins: [graphWorkerSource],
  },
];

const common = {
  bundle: true,
  outdir: 'dist',
  target: 'es2022',
  sourcemap: true,
  logLevel: 'warning',
};

if (watch) {
  for (const b of bundles) {
    const ctx = await esbuild.context({ ...common, ...b });
    await ctx.watch();
  }
} else {
  await Promise.all(bundles.map((b) => esbuild.build({ ...common, ...b })));
}
