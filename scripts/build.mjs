// One build script for every bundle GradLens ships. Each entry is built by esbuild;
// `--watch` rebuilds on change.
import * as esbuild from 'esbuild';

const watch = process.argv.includes('--watch');

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
    // The graph panel's script and stylesheet, loaded by the webview (src/extension/preview/html.ts).
    entryPoints: [
      { in: 'webview/main.ts', out: 'webview' },
      { in: 'webview/webview.css', out: 'webview' },
    ],
    platform: 'browser',
    format: 'iife',
    minify: true,
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
