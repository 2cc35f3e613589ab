import '../../fakes/register-vscode';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import * as esbuild from 'esbuild';
import * as vscode from 'vscode';
import { fake, CancellationTokenSource, type FakeDocument } from '../../fakes/vscode';
import { EvaluationService, type DocumentEvaluation } from '../../../src/extension/evaluation/service';
import { WorkerRunner } from '../../../src/extension/evaluation/runners';
import { nodeWorker } from '../../../src/extension/evaluation/nodeWorker';
import type { Worker } from 'node:worker_threads';
import { registerFeatures } from '../../../src/extension/features';
import { createGuard } from '../../../src/extension/guard';
import { LECTURE } from '../../fixtures/lecture';

// The extension host's modules against test/fakes/vscode.ts: events in, diagnostics,
// hovers, hints, lenses, symbols and messages out, with real evaluations in between.


const selector = { language: 'grad' };
const token = () => new CancellationTokenSource().token as unknown as vscode.CancellationToken;
const doc = (d: FakeDocument) => d as unknown as vscode.TextDocument;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const at = (line: number, character: number) => new vscode.Position(line, character);
type Span = { start: { line: number; character: number }; end: { line: number; character: number } };
const span = (r: Span) => `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;

let evaluations: EvaluationService;
let workerDir: string;

before(async () => {
  workerDir = mkdtempSync(path.join(tmpdir(), 'gradlens-host-'));
  await esbuild.build({
    entryPoints: [path.join(import.meta.dirname, '../../../src/extension/evaluation/evalWorker.ts')],
    outfile: path.join(workerDir, 'evalWorker.js'), bundle: true, platform: 'node', format: 'cjs', logLevel: 'error',
  });
});

after(() => rmSync(workerDir, { recursive: true, force: true }));

let registrations: vscode.Disposable[];
/** The worker runners the service made, one per large document, to kill their threads from outside. */
let workers: WorkerRunner[];
let evaluated: DocumentEvaluation[];

beforeEach(() => {
  fake.reset();
  fake.settings.set('gradlens.updateDelay', 10);
  // As extension.ts wires them: one log channel, one guard around every feature.
  const output = vscode.window.createOutputChannel('GradLens', { log: true });
  workers = [];
  evaluations = new EvaluationService({
    startWorker: nodeWorker(path.join(workerDir, 'evalWorker.js')),
    log: (message) => output.error(message),
    createWorker: () => {
      const runner = new WorkerRunner(nodeWorker(path.join(workerDir, 'evalWorker.js')));
      workers.push(runner);
      return runner;
    },
  });
  evaluated = [];
  const guard = createGuard(output);
  registrations = [
    evaluations.onDidEvaluate((e) => evaluated.push(e)),
    ...registerFeatures(selector, evaluations, output, guard),
  ];
});

afterEach(() => {
  for (const r of registrations) r.dispose();
  evaluations.dispose();
});

/** The next evaluation the service publishes: waits on the event, not on a guessed delay. */
function nextEvaluation(): Promise<DocumentEvaluation> {
  return new Promise((resolve) => {
    const listener = evaluations.onDidEvaluate((e) => {
      listener.dispose();
      resolve(e);
    });
  });
}

function provider<T>(kind: string): T {
  const p = fake.providers[kind];
  assert.ok(p, `a ${kind} provider is registered`);
  return p as T;
}

describe('activation', () => {
  test('registers every editor feature, completions included: the list activate() uses', () => {
    for (const kind of ['hover', 'inlayHints', 'codeLens', 'symbols', 'folding', 'completion']) {
      assert.ok(fake.providers[kind], `no ${kind} provider registered`);
    }
  });
});

describe('evaluation service', () => {
  test('opening evaluates at once; a burst of edits evaluates once, after the delay, the last text', async () => {
    const document = fake.open('/w/a.grad', 'a = 1.0\n');
    await evaluations.evaluateNow(doc(document));
    assert.deepEqual(evaluated.map((e) => e.version), [1]);
    for (const n of [2, 3, 4]) fake.edit(document, `a = ${n}.0\n`);
    assert.equal(evaluations.get(doc(document)), undefined, 'the old result is not the current version');
    await nextEvaluation();
    await sleep(30);
    assert.deepEqual(evaluated.map((e) => e.version), [1, 4]);
    assert.equal(evaluations.get(doc(document))!.result.cells[0].values.a.data, 4);
  });

  test('a large document is evaluated in the worker, with the same result, and so is its gradient check', async () => {
    const cell = (i: number) => `# %% cell ${i}\na = ${i}.0\nb = a * 2\nL = b + a\n`;
    const text = Array.from({ length: 600 }, (_, i) => cell(i)).join('');
    const document = fake.open('/w/big.grad', text);
    const evaluation = await evaluations.evaluateNow(doc(document));
    assert.equal(evaluation.result.cells.length, 600);
    assert.deepEqual(evaluation.result.cells[599].values.L, { data: 599 * 3, grad: 1 });
    await vscode.commands.executeCommand('gradlens.checkGradients', document.uri, 599);
    assert.deepEqual(fake.messages.map((m) => m.text), ['Cell 600: all 3 gradients match a numerical estimate']);
  });

  test('documents of other languages are left alone', async () => {
    fake.open('/w/notes.txt', 'a = 1.0\n', 'plaintext');
    await sleep(30);
    assert.deepEqual(evaluated, []);
  });

  test('whenEvaluated answers undefined when the request is cancelled', async () => {
    const document = fake.open('/w/a.grad', 'a = 1.0\n');
    await evaluations.evaluateNow(doc(document));
    fake.edit(document, 'a = 2.0\n');
    const source = new CancellationTokenSource();
    const pending = evaluations.whenEvaluated(doc(document), source.token as unknown as vscode.CancellationToken);
    source.cancel();
    assert.equal(await pending, undefined);
  });

  test('changing maxNodes re-evaluates open documents with the new bound', async () => {
    const document = fake.open('/w/a.grad', 'a = 1.0\nb = a * 2\nc = b * 3\n');
    await evaluations.evaluateNow(doc(document));
    fake.setSetting('gradlens.maxNodes', 2);
    await nextEvaluation();
    assert.equal(evaluated.length, 2);
    assert.equal(evaluated[1].result.stoppedByBound, 'nodes');
  });
});

describe('diagnostics', () => {
  test('the core diagnostics, as line and column ranges, follow edits and go when the file closes', async () => {
    const document = fake.open('/w/a.grad', 'a = 2.0\nb = a * zz\n');
    await evaluations.evaluateNow(doc(document));
    const collection = fake.collections[0];
    const [d] = collection.get(document.uri as unknown as vscode.Uri)!;
    assert.equal(d.source, 'gradlens');
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.match(d.message, /name 'zz' is not defined/);
    assert.equal(span(d.range), '1:8-1:10');

    fake.edit(document, 'a = 2.0\nb = a * a\n');
    await nextEvaluation();
    assert.deepEqual(collection.get(document.uri as unknown as vscode.Uri), []);

    fake.edit(document, 'a = -2.0\nb = log(a)\n');
    await nextEvaluation();
    assert.equal(collection.get(document.uri as unknown as vscode.Uri)![0].severity, vscode.DiagnosticSeverity.Warning);

    fake.close(document);
    assert.equal(collection.get(document.uri as unknown as vscode.Uri), undefined);
  });

  test('an error inside a function points at its innermost expression, with the calls as related information', async () => {
    const text = 'def g(x):\n    return x.nope\n\ndef f(x):\n    return g(x) + 1\n\nprint(f(2.0))\n';
    const document = fake.open('/w/t.grad', text);
    await evaluations.evaluateNow(doc(document));
    const [d] = fake.collections[0].get(document.uri as unknown as vscode.Uri)!;
    assert.equal(d.message, "AttributeError: 'float' object has no attribute 'nope'");
    assert.equal(span(d.range), '1:13-1:17');
    assert.deepEqual(d.relatedInformation!.map((r) => `${r.message} ${span(r.location.range)}`),
      ['called from here 6:6-6:12', 'called from here 4:11-4:15']);
  });
});

describe('language features', () => {
  test('hover: the gradient as ∂L/∂a and the local derivatives, escaped Markdown, over the name', async () => {
    const document = doc(fake.open('/w/l.grad', LECTURE));
    const hover = await provider<vscode.HoverProvider>('hover').provideHover(document, at(1, 0), token()) as vscode.Hover;
    const value = (hover.contents as unknown as vscode.MarkdownString).value;
    assert.ok(value.includes('∂L\\/∂a \\= 6\\.0000'), value);
    assert.equal(span(hover.range!), '1:0-1:1');
    const onE = await provider<vscode.HoverProvider>('hover').provideHover(document, at(4, 1), token()) as vscode.Hover;
    const rendered = (onE.contents as unknown as vscode.MarkdownString).value.replace(/\\(.)/g, '$1');
    assert.ok(rendered.includes('e = a*b: ∂e/∂a = b = -3.0000'), rendered);
    assert.equal(await provider<vscode.HoverProvider>('hover').provideHover(document, at(0, 3), token()), undefined, 'nothing on the marker');
  });

  test('hover on a name inside a function: the last value its assignments gave it, and how often', async () => {
    const text = 'def f(x):\n    act = x * 2.0\n    return act + 1\n\nfor i in range(3):\n    f(Value(i))\n';
    const document = doc(fake.open('/w/f.grad', text));
    const hover = await provider<vscode.HoverProvider>('hover').provideHover(document, at(2, 12), token()) as vscode.Hover;
    const rendered = (hover.contents as unknown as vscode.MarkdownString).value.replace(/\\(.)/g, '$1');
    assert.ok(rendered.startsWith('**act** · local Value'), rendered);
    assert.ok(rendered.includes('data = 4.0000'), rendered);
    assert.ok(rendered.includes('last of 3 assignments'), rendered);
    assert.equal(span(hover.range!), '2:11-2:14');
  });

  test('inlay hints: after each assignment, in the requested lines, off by setting, refreshed on evaluation', async () => {
    const document = fake.open('/w/l.grad', LECTURE);
    const hints = provider<vscode.InlayHintsProvider>('inlayHints');
    const range = new vscode.Range(0, 0, 4, 0);
    const shown = (await hints.provideInlayHints(doc(document), range, token()))!;
    assert.deepEqual(shown.map((h) => `${h.position.line}:${h.position.character} ${h.label}`), [
      '1:7 = 2.0000  ∇ 6.0000',
      '2:8 = -3.0000  ∇ -4.0000',
      '3:8 = 10.0000  ∇ -2.0000',
    ]);
    assert.equal(shown[0].paddingLeft, true);

    let refreshed = 0;
    hints.onDidChangeInlayHints!(() => refreshed++);
    fake.edit(document, LECTURE.replace('a = 2.0', 'a = 3.0'));
    await nextEvaluation();
    assert.equal(refreshed, 1);

    fake.setSetting('gradlens.precision', 1);
    assert.equal(refreshed, 2);
    const again = (await hints.provideInlayHints(doc(document), range, token()))!;
    assert.equal(again[0].label, '= 3.0  ∇ 6.0');

    fake.setSetting('gradlens.inlineValues.enabled', false);
    assert.deepEqual(await hints.provideInlayHints(doc(document), range, token()), []);
  });

  test('code lenses: Show graph, and where a cell has an output Step through backward and Check gradients, on each cell marker, the preamble at line 0', async () => {
    const text = `x = 1.0\n# %% one\ny = x * 2\n# %% nothing to draw\nprint(y.data)\n`;
    const document = doc(fake.open('/w/c.grad', text));
    const lenses = (await provider<vscode.CodeLensProvider>('codeLens').provideCodeLenses(document, token()))!;
    assert.deepEqual(lenses.map((l) => [l.range.start.line, l.command!.title, l.command!.command, (l.command!.arguments![1])]), [
      [0, 'Show graph', 'gradlens.showGraph', 0],
      [0, 'Step through backward', 'gradlens.stepThroughBackward', 0],
      [0, 'Check gradients', 'gradlens.checkGradients', 0],
      [1, 'Show graph', 'gradlens.showGraph', 1],
      [1, 'Step through backward', 'gradlens.stepThroughBackward', 1],
      [1, 'Check gradients', 'gradlens.checkGradients', 1],
      [3, 'Show graph', 'gradlens.showGraph', 2],
    ]);
    assert.equal(lenses[0].command!.arguments![0], document.uri);
  });

  test('symbols: the cells, with their variables as children', async () => {
    const document = doc(fake.open('/w/l.grad', LECTURE));
    const symbols = (await provider<vscode.DocumentSymbolProvider>('symbols').provideDocumentSymbols(document, token())) as vscode.DocumentSymbol[];
    assert.equal(symbols.length, 1);
    assert.equal(symbols[0].name, "The lecture's first expression");
    assert.equal(symbols[0].kind, vscode.SymbolKind.Namespace);
    assert.equal(span(symbols[0].selectionRange), '0:0-0:35');
    assert.deepEqual(symbols[0].children.map((c) => `${c.name} ${span(c.range)}`), [
      'a 1:0-1:7', 'b 2:0-2:8', 'c 3:0-3:8', 'e 4:0-4:9', 'd 5:0-5:9', 'f 6:0-6:8', 'L 7:0-7:9',
    ]);
  });

  test('Check gradients: a message for the lens cell, and one for the cell under the cursor', async () => {
    const document = fake.open('/w/l.grad', `x = 3.0\n${LECTURE}`);
    await vscode.commands.executeCommand('gradlens.checkGradients', document.uri, 1);
    assert.deepEqual(fake.messages, [{
      severity: 'info',
      text: 'Cell 2: all 7 gradients match a numerical estimate',
    }]);
    assert.ok(fake.output.some((l) => /ok +a: shown 6\.0000, numeric 6\.0000/.test(l)), fake.output.join('\n'));

    fake.activeEditor = { document, selection: { active: at(0, 2) } };
    await vscode.commands.executeCommand('gradlens.checkGradients');
    assert.equal(fake.messages[1].text, 'Cell 1: the gradient of x matches a numerical estimate');

    await vscode.commands.executeCommand('gradlens.checkGradients', document.uri, 7);
    assert.equal(fake.messages[2].severity, 'warning');
    assert.match(fake.messages[2].text, /has no cell 8/);
  });
});

describe('when a feature fails', () => {
  const errors = () => fake.output.filter((l) => l.startsWith('[error]'));

  test('a throwing hover is logged with its stack each time, reported once, and the other features still answer', async () => {
    const document = fake.open('/w/l.grad', LECTURE);
    await evaluations.evaluateNow(doc(document));
    // The injected failure: the hover (and only the hover) asks the service for its latest result.
    evaluations.latest = () => { throw new Error('injected hover failure'); };
    fake.warningChoice = 'Show Log';
    const hover = provider<vscode.HoverProvider>('hover');
    assert.equal(await hover.provideHover(doc(document), at(1, 0), token()), undefined, 'the empty fallback');
    assert.equal(await hover.provideHover(doc(document), at(2, 0), token()), undefined);
    await sleep(0);

    assert.equal(errors().length, 2, 'each failure is logged');
    assert.match(errors()[0], /^\[error\] Hover failed: Error: injected hover failure\n\s+at /, 'with its stack');
    assert.deepEqual(fake.messages, [{ severity: 'warning', text: 'GradLens: Hover failed and was skipped; the other features keep working.' }]);
    assert.equal(fake.outputShown, 1, '"Show Log" shows the channel');

    const hints = (await provider<vscode.InlayHintsProvider>('inlayHints').provideInlayHints(doc(document), new vscode.Range(0, 0, 4, 0), token()))!;
    assert.equal(hints.length, 3);
    const lenses = (await provider<vscode.CodeLensProvider>('codeLens').provideCodeLenses(doc(document), token()))!;
    assert.equal(lenses.length, 3, 'Show graph, Step through backward, Check gradients');
    const symbols = (await provider<vscode.DocumentSymbolProvider>('symbols').provideDocumentSymbols(doc(document), token()))!;
    assert.equal(symbols.length, 1);
    const folds = (await provider<vscode.FoldingRangeProvider>('folding').provideFoldingRanges(doc(document), {}, token()))!;
    assert.ok(folds.length >= 1);
    assert.equal(errors().length, 2, 'nothing else failed');
  });

  test('a throwing command is logged and reported once, and resolves instead of rejecting', async () => {
    const missing = vscode.Uri.file('/w/gone.grad');
    assert.equal(await vscode.commands.executeCommand('gradlens.checkGradients', missing, 0), undefined);
    assert.equal(await vscode.commands.executeCommand('gradlens.checkGradients', missing, 0), undefined);
    await sleep(0);
    assert.equal(errors().length, 2);
    assert.match(errors()[0], /Check gradients failed: Error: cannot open file:\/\/\/w\/gone\.grad/);
    assert.deepEqual(fake.messages.map((m) => m.text), ['GradLens: Check gradients failed and was skipped; the other features keep working.']);
    assert.equal(fake.outputShown, 0, 'the log opens only when asked');

    // Another feature's first failure is reported too: once per feature, not once in all.
    const document = fake.open('/w/l.grad', LECTURE);
    await evaluations.evaluateNow(doc(document));
    evaluations.latest = () => { throw new Error('injected'); };
    await provider<vscode.HoverProvider>('hover').provideHover(doc(document), at(1, 0), token());
    await sleep(0);
    assert.equal(fake.messages.length, 2);
  });

  test('publishing diagnostics fails: logged, and the listeners after it still hear the evaluation', async () => {
    const document = fake.open('/w/a.grad', 'a = 2.0\n');
    await evaluations.evaluateNow(doc(document));
    fake.collections[0].set = () => { throw new Error('injected diagnostics failure'); };
    let refreshed = 0;
    provider<vscode.InlayHintsProvider>('inlayHints').onDidChangeInlayHints!(() => refreshed++);
    fake.edit(document, 'a = 3.0\n');
    const evaluation = await nextEvaluation();
    assert.equal(evaluation.version, 2);
    await sleep(0);
    assert.equal(refreshed, 1, 'the inlay hints, registered after the diagnostics, were told');
    assert.match(errors()[0], /Diagnostics failed: Error: injected diagnostics failure/);
    assert.equal(fake.messages.length, 1);
  });
});

describe('a crashed or killed evaluation worker', () => {
  const cells = (n: number) => Array.from({ length: 600 }, (_, i) => `# %% cell ${i}\na = ${i + n}.0\nb = a * 2\n`).join('');
  /** Kills the runner's thread from outside, as a crash or the OS would. */
  async function kill(runner: WorkerRunner): Promise<void> {
    const thread = (runner as unknown as { worker?: Worker }).worker;
    assert.ok(thread, 'a worker thread is running');
    await thread.terminate();
    await sleep(10);
  }
  const diagnosticsOf = (document: FakeDocument) => fake.collections[0].get(document.uri as unknown as vscode.Uri)!.map((d) => d.message);

  test('killed while idle: the next edit evaluates in a fresh worker and publishes its diagnostics', async () => {
    const document = fake.open('/w/big.grad', cells(0));
    await evaluations.evaluateNow(doc(document));
    assert.equal(workers.length, 1);
    const [runner] = workers;
    const first = runner.workerId;
    assert.ok(first !== undefined);
    await kill(runner);
    assert.equal(runner.workerId, undefined, 'the runner noticed its thread is gone');

    fake.edit(document, `${cells(1)}c = zz\n`);
    const evaluation = await nextEvaluation();
    assert.equal(evaluation.version, 2);
    assert.equal(evaluation.result.cells[599].values.a.data, 600);
    assert.deepEqual(diagnosticsOf(document), ["NameError: name 'zz' is not defined"]);
    assert.ok(runner.workerId !== undefined && runner.workerId !== first, 'a new thread');
  });

  test('killed mid-evaluation: logged, waiters answered, diagnostics kept, and the next edit evaluates and publishes', async () => {
    fake.settings.set('gradlens.timeBudgetMs', 20_000);
    const document = fake.open('/w/big.grad', `${cells(0)}c = zz\n`);
    await evaluations.evaluateNow(doc(document));
    const [runner] = workers;
    // A loop that keeps the worker busy until it is killed.
    fake.edit(document, `${cells(0)}t = 0\nwhile True:\n    t = t + 1\n`);
    const waiting = evaluations.whenEvaluated(doc(document));
    for (let i = 0; i < 500 && !runner.busy; i++) await sleep(5);
    assert.ok(runner.busy, 'the worker is evaluating the loop');
    await kill(runner);

    assert.equal(await waiting, undefined, 'whoever waited for that version is answered, not left hanging');
    const logged = fake.output.filter((l) => l.startsWith('[error]'));
    assert.deepEqual(logged, ['[error] Evaluating file:///w/big.grad failed: the evaluation worker exited with code 1; the next edit evaluates it again']);
    assert.deepEqual(diagnosticsOf(document), ["NameError: name 'zz' is not defined"], 'the last good diagnostics stay');

    fake.edit(document, cells(2));
    const evaluation = await nextEvaluation();
    assert.equal(evaluation.version, 3);
    assert.deepEqual(diagnosticsOf(document), []);
    assert.equal(evaluations.get(doc(document)), evaluation);
  });

  test('a worker script that cannot load fails the evaluation with a log line, not an exception in the host', async () => {
    const broken = new EvaluationService({ startWorker: nodeWorker('/nonexistent/evalWorker.js'), log: (m) => fake.output.push(`[error] ${m}`) });
    try {
      const document = fake.open('/w/big2.grad', cells(0));
      await assert.rejects(broken.evaluateNow(doc(document)));
      assert.ok(fake.output.some((l) => /big2\.grad failed: .*Cannot find module/.test(l)), fake.output.join('\n'));
    } finally {
      broken.dispose();
    }
  });
});
