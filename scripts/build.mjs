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
