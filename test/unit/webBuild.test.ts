import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import vm from 'node:vm';
import * as esbuild from 'esbuild';
import { evaluate, type EvalResult } from '../../src/lang';
import type { WorkerResponse } from '../../src/extension/evaluation/protocol';
import * as fakeVscode from '../fakes/vscode';
// @ts-expect-error: a plain ES module of the build scripts, without type declarations
import { noNodeBuiltins, isNodeBuiltin } from '../../scripts/noNodeBuiltins.mjs';

// The browser build (dist/web/) runs in VS Code for the Web's web-worker extension host:
// no Node. Its build refuses Node built-ins (scripts/noNodeBuiltins.mjs); these check the
// refusal itself, then the real bundles that `npm run build` made: what went into them,
// and that the evaluation worker does its whole job in a scope that has only a Web
// Worker's globals.

const ROOT = resolve(__dirname, '..', '..');
const WEB = join(ROOT, 'dist', 'web');

/** Builds `contents` as the browser bundles are built: esbuild's browser platform and the plugin. */
function buildWeb(contents: string): Promise<esbuild.BuildResult> {
  return esbuild.build({
    stdin: { contents, resolveDir: ROOT, loader: 'ts' },
    bundle: true, write: false, platform: 'browser', format: 'cjs', logLevel: 'silent', plugins: [noNodeBuiltins],
  });
}

describe('the browser build refuses Node built-ins', () => {
  for (const specifier of ['node:fs', 'fs', 'fs/promises', 'path', 'node:path', 'worker_threads', 'process', 'buffer', 'os']) {
    test(`import "${specifier}" fails the build`, async () => {
      await assert.rejects(buildWeb(`import * as m from '${specifier}'; console.log(m);`), (error: esbuild.BuildFailure) => {
        assert.match(error.errors[0].text, new RegExp(`Node built-in "${specifier}" imported by`));
        return true;
      });
    });
  }

  test('a module that reaches a built-in through another module fails too', async () => {
    // nodeWorker.ts is the Node adapter (worker_threads): the browser entry must never reach it.
    await assert.rejects(buildWeb(`export * from './src/extension/evaluation/nodeWorker';`), /worker_threads/);
  });

  test('a module without Node builds, and look-alike names are not refused', async () => {
    const result = await buildWeb(`import { evaluate } from './src/lang'; console.log(evaluate('a = 1.0').cells.length);`);
    assert.deepEqual(result.errors, []);
    for (const name of ['uplot', 'pathe', './fs', '@viz-js/viz']) assert.equal(isNodeBuiltin(name), false, name);
  });
});

describe('the browser bundles (dist/web/)', () => {
  const bundle = (name: string): string => {
    const file = join(WEB, name);
    assert.ok(existsSync(file), `${file} is missing: run npm run build first`);
    return readFileSync(file, 'utf8');
  };

  test('are made only of GradLens sources: no package, polyfill or Node module went in', () => {
    for (const name of ['extension.js', 'evalWorker.js']) {
      const sources: string[] = JSON.parse(bundle(`${name}.map`)).sources;
      assert.ok(sources.length > 50, `${name}: only ${sources.length} sources in its map`);
      assert.deepEqual(sources.filter((s) => !s.startsWith('../../src/')), [], `${name} holds files from outside src/`);
      assert.deepEqual(sources.filter((s) => /\/src\/cli\/|nodeWorker|evalWorker\.ts$/.test(s)), [], `${name} holds the Node build's own modules`);
    }
  });

  test('the extension bundle loads with nothing but the vscode module, and exports activate', () => {
    const required: string[] = [];
    const module = { exports: {} as Record<string, unknown> };
    // A realm with only the language's own globals and a Web Worker's clock: no process,
    // Buffer or __dirname.
    const context = vm.createContext({
      performance: { now: () => performance.now() },
      module, exports: module.exports,
      require: (id: string) => {
        required.push(id);
        if (id !== 'vscode') throw new Error(`the browser bundle requires ${id}`);
        // Its top level reads a few enums (SymbolKind, ...): the unit tests' stand-in has them.
        return fakeVscode;
      },
    });
    vm.runInContext(bundle('extension.js'), context, { filename: 'dist/web/extension.js' });
    assert.equal(typeof module.exports.activate, 'function');
    assert.deepEqual([...new Set(required)], ['vscode']);
  });

  test('the evaluation worker evaluates a training loop, with progress, where only a Web Worker\'s globals exist', () => {
    const posted: { message: WorkerResponse; transfer: ArrayBuffer[] }[] = [];
    // What a dedicated worker's global scope offers that evaluation uses; nothing of Node.
    const scope = vm.createContext({
      performance: { now: () => performance.now() },
      postMessage: (message: WorkerResponse, transfer: ArrayBuffer[]) => posted.push({ message: structuredClone(message), transfer }),
      onmessage: null,
    }) as { onmessage: ((event: { data: unknown }) => void) | null };
    vm.runInContext(bundle('evalWorker.js'), scope, { filename: 'dist/web/evalWorker.js' });
    assert.equal(typeof scope.onmessage, 'function', 'the worker listens with onmessage');
    assert.equal(vm.runInContext('typeof process', scope as vm.Context), 'undefined');

    const text = ['w = Value(0.5)', 'for k in range(4000):', '    loss = (w * 3.0 - 1.0) ** 2', '    w.grad = 0.0', '    loss.backward()',
      '    w.data -= 0.01 * w.grad', 'print(loss.data)', ''].join('\n');
    const options = { maxNodes: 200_000, timeBudgetMs: 20_000, progressIntervalMs: 0 };
    scope.onmessage!({ data: { id: 7, text, options, progress: true } });

    const progress = posted.filter((p) => 'progress' in p.message);
    const last = posted.at(-1)!;
    assert.ok(progress.length >= 2, `${progress.length} progress messages`);
    assert.ok(progress.every((p) => p.message.id === 7 && 'progress' in p.message && p.message.progress.total === 4000));
    assert.ok('result' in last.message, `the last message is not a result: ${JSON.stringify(last.message).slice(0, 300)}`);
    const result = (last.message as { result: EvalResult }).result;
    // The same result as evaluating here, in Node (the progress callback changes nothing in it).
    assert.deepEqual(result, evaluate(text, { maxNodes: 200_000, timeBudgetMs: 20_000 }));
    assert.deepEqual(result.diagnostics, []);
    assert.ok(last.transfer.length > 0 && last.transfer.every((b) => b instanceof vm.runInContext('ArrayBuffer', scope as vm.Context)),
      'the graph\'s typed arrays are handed over, not copied');
  });
});
