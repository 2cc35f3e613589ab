// An esbuild plugin for the browser build (dist/web/): it fails the build on any import of
// a Node built-in module (`node:fs`, `path`, `worker_threads`, ...). VS Code for the Web
// runs the extension in a Web Worker, where none of them exist; esbuild would otherwise
// leave such an import for run time or, with a polyfill package installed, bundle the
// polyfill without a word. test/unit/webBuild.test.ts checks that it refuses.
import { builtinModules } from 'node:module';

const builtins = new Set(builtinModules.flatMap((m) => [m, m.split('/')[0]]));

/** Whether `specifier` names a Node built-in (`node:` scheme, `fs`, `fs/promises`, ...). */
export function isNodeBuiltin(specifier) {
  return specifier.startsWith('node:') || builtins.has(specifier) || builtins.has(specifier.split('/')[0]);
}

/** @type {import('esbuild').Plugin} */
export const noNodeBuiltins = {
  name: 'no-node-builtins',
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) => {
      // Only bare specifiers and node: can name a built-in; relative and absolute paths are files.
      if (args.kind === 'entry-point' || /^[./]/.test(args.path) || !isNodeBuiltin(args.path)) return undefined;
      return {
        errors: [{
          text: `Node built-in "${args.path}" imported by ${args.importer}: the browser build runs in a Web Worker without Node; use vscode.workspace.fs, vscode.Uri or a web API`,
        }],
      };
    });
  },
};
