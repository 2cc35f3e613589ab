import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { LECTURE } from '../fixtures/lecture';

// The built command line, run as a user runs it: `node dist/cli.js ...` on real files
// in a temporary folder. `npm test` builds before it tests.

const ROOT = resolve(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const EXAMPLES = join(ROOT, 'examples');
let dir = '';

before(() => {
  assert.ok(existsSync(CLI), `${CLI} is missing: run npm run build first`);
  dir = mkdtempSync(join(tmpdir(), 'gradlens-cli-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

interface Run { status: number | null; stdout: string; stderr: string }

function gradlens(...args: string[]): Run {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function file(name: string, text: string): string {
  writeFileSync(join(dir, name), text);
  return name;
}

/** No run may show a JavaScript stack trace, whatever it was given. */
function assertNoStackTrace(r: Run): void {
  for (const stream of [r.stdout, r.stderr]) {
    assert.doesNotMatch(stream, /^\s+at .+(:\d+:\d+\)?|<anonymous>)$/m, 'stack trace');
    // Python's error names (TypeError: ...) are the learner's; JS's own wording would be a bug of ours.
    assert.doesNotMatch(stream, /internal error|Cannot read propert|is not a function|of undefined/);
  }
}

/** A usage error: status 2, nothing on stdout, one line on stderr. */
function assertUsageError(r: Run, message: RegExp): void {
  assert.equal(r.status, 2, r.stderr);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /^gradlens: [^\n]+\n$/);
  assert.match(r.stderr, message);
  assertNoStackTrace(r);
}


test('--help and --version', () => {
  const help = gradlens('--help');
  assert.equal(help.status, 0);
  assert.match(help.stdout, /gradlens eval FILE \[--json\]/);
  assert.match(help.stdout, /gradlens render FILE \[--cell N\] \[--format svg\|dot\] \[-o OUT\]/);
  assert.match(help.stdout, /gradlens check FILE/);
  // check compares intermediate values too, not only the leaves.
  assert.doesNotMatch(help.stdout, /each leaf's gradient/);
  assert.match(help.stdout, /gradlens check FILE \[LIMITS\]\n\s+Compare the gradient of every value in a cell's graph but the constants\n\s+\(leaves and intermediate results alike\)/);
  assert.match(help.stdout, /A cell with an error is not checked/);
  assert.match(help.stdout, /A cell with an error shows no gradients/);
  assert.match(help.stdout, /A cell with an error is not\s+drawn/);
  assert.match(help.stdout, /Exit status: 0 no errors \(also when there is nothing to draw or check\)/);
  const version = gradlens('--version');
  assert.equal(version.status, 0);
  const { version: expected } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  assert.equal(version.stdout, `gradlens ${expected}\n`);
});

test('eval prints a table per cell: heading, then aligned name, data, grad', () => {
  const r = gradlens('eval', file('lecture.grad', LECTURE));
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '');
  const lines = r.stdout.split('\n');
  assert.equal(lines[0], "cell 0: The lecture's first expression (lines 1-8, output L)");
  assert.match(lines[1], /^ {2}name +data +grad$/);
  const rows = new Map(lines.slice(2).filter((l) => l.trim() !== '').map((l) => {
    const [name, data, grad] = l.trim().split(/\s+/);
    return [name, { data, grad, line: l }];
  }));
  assert.deepEqual(rows.get('a'), { data: '2.0000', grad: '6.0000', line: rows.get('a')?.line });
  assert.equal(rows.get('b')?.grad, '-4.0000');
  assert.equal(rows.get('c')?.grad, '-2.0000');
  assert.equal(rows.get('f')?.grad, '4.0000');
  assert.equal(rows.get('L')?.data, '-8.0000');
  assert.equal(rows.get('L')?.grad, '1.0000');
  // Right-aligned numbers: every row ends in the same column as the header.
  const width = lines[1].length;
  for (const row of rows.values()) assert.equal(row.line.length, width, row.line);
});

test('eval --json gives exactly the issue\'s shape', () => {
  const source = LECTURE + '\n# %% Printing\nprint(L.data)\ng = L * 2\n';
  const r = gradlens('eval', file('lecture-json.grad', source), '--json');
  assert.equal(r.status, 0, r.stderr);
  const doc = JSON.parse(r.stdout) as { cells: Array<Record<string, unknown>>; diagnostics: unknown[] };
  assert.deepEqual(Object.keys(doc), ['cells', 'diagnostics']);
  assert.deepEqual(doc.diagnostics, []);
  const [first, second] = doc.cells;
  assert.deepEqual(Object.keys(first), ['index', 'title', 'startLine', 'endLine', 'output', 'hasError', 'values', 'printed']);
  assert.equal(first.hasError, false);
  assert.equal(first.index, 0);
  assert.equal(first.title, "The lecture's first expression");
  assert.equal(first.startLine, 1);
  assert.equal(first.output, 'L');
  assert.deepEqual(first.values, {
    a: { data: 2, grad: 6 }, b: { data: -3, grad: -4 }, c: { data: 10, grad: -2 },
    e: { data: -6, grad: -2 }, d: { data: 4, grad: -2 }, f: { data: -2, grad: 4 }, L: { data: -8, grad: 1 },
  });
  assert.deepEqual(first.printed, []);
  assert.equal(second.index, 1);
  assert.equal(second.title, 'Printing');
  assert.equal(second.startLine, 10);
  assert.equal(second.endLine, 12);
  assert.equal(second.output, 'g');
  assert.deepEqual(second.printed, ['-8.0']);
});

test('eval --json writes NaN and infinities as null, and reports them as warnings with exit 0', () => {
  const r = gradlens('eval', file('nan.grad', 'x = -2.0\ny = log(x)\nz = exp(1000.0)\n'), '--json');
  assert.equal(r.status, 0, r.stderr);
  const doc = JSON.parse(r.stdout) as { cells: Array<{ values: Record<string, { data: number | null }> }>; diagnostics: Array<Record<string, unknown>> };
  assert.equal(doc.cells[0].values.y.data, null);
  assert.equal(doc.cells[0].values.z.data, null);
  assert.deepEqual(doc.diagnostics.map((d) => [d.severity, d.line, d.column]), [['warning', 2, 5], ['warning', 3, 5]]);
});

test('a malformed file: diagnostics at exact line:col on stderr, exit 1, the other cells still run', () => {
  const source = [
    '# %% first',
    'a = 2.0',
    'b = a +* 3',
    'c = a * zz',
    '# %% second',
    'd = a * 2',
    '',
  ].join('\n');
  const r = gradlens('eval', file('broken.grad', source));
  assert.equal(r.status, 1);
  assertNoStackTrace(r);
  const diagnostics = r.stderr.trim().split('\n');
  assert.equal(diagnostics.length, 2, r.stderr);
  assert.match(diagnostics[0], /^broken\.grad:3:8: error: /);
  assert.match(diagnostics[1], /^broken\.grad:4:9: error: NameError: name 'zz' is not defined/);
  assert.match(r.stdout, /^cell 1: second \(lines 5-6, output d\)$/m);
  assert.match(r.stdout, /^ +d +4\.0000 +1\.0000$/m);

  const json = gradlens('eval', 'broken.grad', '--json');
  assert.equal(json.status, 1);
  const doc = JSON.parse(json.stdout) as { diagnostics: Array<Record<string, unknown>> };
  assert.deepEqual(doc.diagnostics[1], {
    severity: 'error', message: doc.diagnostics[1].message, cell: 0, line: 4, column: 9, endLine: 4, endColumn: 11, related: [],
  });
});

test('eval: a cell with an error shows its data but no gradients, as the editor does, and says why', () => {
  for (const [name, source, line] of [
    ['eval-runtime.grad', '# %% broken\na = Value(2.0)\nb = a * 3\nc = b + zz\n# %% fine\nd = Value(1.0)\ne = d * 2\n', 4],
    ['eval-syntax.grad', '# %% broken\na = Value(2.0)\nb = a * 3\nc = b +* 1\n# %% fine\nd = Value(1.0)\ne = d * 2\n', 4],
  ] as const) {
    const r = gradlens('eval', file(name, source));
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, new RegExp(`^${name.replace('.', '\\.')}:${line}:\\d+: error: `, 'm'));
    const [broken, fine] = r.stdout.split('\n\n');
    assert.match(broken, new RegExp(`^  no gradients: cell 0 has an error at line ${line}, so its output is whatever ran last$`, 'm'));
    assert.match(broken, /^ +a +2\.0000 +-$/m);
    assert.match(broken, /^ +b +6\.0000 +-$/m);
    assert.doesNotMatch(broken, /3\.0000|1\.0000/, 'no gradient of the broken cell is printed');
    assert.doesNotMatch(fine, /no gradients/);
    assert.match(fine, /^ +d +1\.0000 +2\.0000$/m);

    const json = gradlens('eval', name, '--json');
    assert.equal(json.status, 1);
    const doc = JSON.parse(json.stdout) as { cells: Array<{ hasError: boolean; values: Record<string, { data: number; grad: number | null }> }> };
    assert.equal(doc.cells[0].hasError, true);
    assert.deepEqual(doc.cells[0].values.b, { data: 6, grad: null });
    assert.equal(doc.cells[1].hasError, false);
    assert.deepEqual(doc.cells[1].values.d, { data: 1, grad: 2 });
  }
});

test('usage errors and unreadable files: exit 2 with one line on stderr', () => {
  file('ok.grad', 'x = 1.0\n');
  mkdirSync(join(dir, 'folder.grad'), { recursive: true });
  assertUsageError(gradlens(), /no command/);
  assertUsageError(gradlens('frobnicate', 'ok.grad'), /unknown command 'frobnicate'/);
  assertUsageError(gradlens('eval'), /^gradlens: eval needs a FILE \(try gradlens --help\)\n$/);
  assertUsageError(gradlens('check'), /^gradlens: check needs a FILE/);
  assertUsageError(gradlens('eval', ''), /^gradlens: eval needs a FILE: the file name given is empty\n$/);
  assertUsageError(gradlens('render', '', '--format', 'dot'), /^gradlens: render needs a FILE: the file name given is empty\n$/);
  assertUsageError(gradlens('eval', 'ok.grad', 'more.grad'), /^gradlens: unexpected argument 'more\.grad': eval takes one FILE\n$/);
  // The program's name is said once, by the prefix.
  for (const r of [gradlens('eval'), gradlens('eval', 'a', 'b'), gradlens('check', 'ok.grad', '--json'), gradlens('eval', '')]) {
    assert.equal(r.stderr.match(/gradlens (eval|check|render)\b/g), null, r.stderr);
  }
  assertUsageError(gradlens('eval', 'ok.grad', '--jsn'), /unknown option '--jsn'/);
  assertUsageError(gradlens('check', 'ok.grad', '--json'), /unknown option '--json' for check$/m);
  assertUsageError(gradlens('eval', 'missing.grad'), /cannot read missing\.grad: no such file/);
  assertUsageError(gradlens('eval', 'folder.grad'), /cannot read folder\.grad: it is a directory/);
  assertUsageError(gradlens('render', 'ok.grad', '--format', 'png'), /--format must be svg or dot/);
  assertUsageError(gradlens('render', 'ok.grad', '--cell', 'one'), /--cell expects a cell number/);
  assertUsageError(gradlens('render', 'ok.grad', '--cell'), /'--cell' needs a value/);
  assertUsageError(gradlens('render', 'ok.grad', '-o', join('no-such-dir', 'x.svg')), /cannot write .*x\.svg: no such file/);
});

test('no stack trace, whatever the input', () => {
  const inputs: Record<string, string> = {
    'empty.grad': '',
    'comments.grad': '# only a comment\n',
    'binary.grad': '\u0000\u0001\uFFFD\u00ff garbage )))) ((( \'unterminated',
    'deep.grad': 'x = ' + '('.repeat(5000) + '1' + ')'.repeat(5000) + '\n',
    'unclosed.grad': 'x = (1 + \n# %% next\ny = 2\n',
    'later.grad': 'def f(x):\n    return x\nfor i in range(3):\n    pass\n',
    'huge.grad': 'x = 1e400\ny = x * 0\n',
    'strings.grad': "x = 'a' * 2\nprint(x.grad.data.label)\nValue('s')\n",
    'unicode.grad': '# %% ünïcödé ✓\nα = 2.0\nβ = α * α\n',
  };
  for (const [name, text] of Object.entries(inputs)) {
    file(name, text);
    for (const args of [['eval', name], ['eval', name, '--json'], ['check', name], ['render', name, '--format', 'dot']]) {
      const r = gradlens(...args);
      assertNoStackTrace(r);
      assert.ok(r.status === 0 || r.status === 1, `${args.join(' ')}: status ${r.status}\n${r.stderr}`);
    }
  }
});

test('render: svg by default, dot on request, -o writes the file', () => {
  const name = file('render.grad', LECTURE + '\n# %% no output here\n# just a comment\n');
  const svg = gradlens('render', name);
  assert.equal(svg.status, 0, svg.stderr);
  assert.match(svg.stdout, /<svg[\s>]/);
  const titles = [...svg.stdout.matchAll(/<g id="node\d+" class="node [^"]*">\s*<title>([^<]*)<\/title>/g)].map((m) => m[1]);
  // a b c f leaves, e d L results each with an op node: 7 records + 3 ops
  assert.equal(titles.length, 10);
  assert.equal(titles.filter((t) => t.endsWith('_op')).length, 3);
  // Graphviz writes '-' as the entity &#45; in SVG text.
  assert.match(svg.stdout, />data &#45;8\.0000</);
  assert.match(svg.stdout, />grad 6\.0000</);

  const dot = gradlens('render', name, '--format', 'dot');
  assert.equal(dot.status, 0);
  assert.match(dot.stdout, /^digraph G \{/);
  assert.match(dot.stdout, /rankdir=LR/);
  assert.match(dot.stdout, /label="\{ L \| data -8\.0000 \| grad 1\.0000 \}"/);

  const out = gradlens('render', name, '-o', 'L.svg');
  assert.equal(out.status, 0);
  assert.equal(out.stdout, '');
  assert.equal(readFileSync(join(dir, 'L.svg'), 'utf8'), svg.stdout);
  const outDot = gradlens('render', name, '--format=dot', '--output=L.dot');
  assert.equal(outDot.status, 0);
  assert.equal(readFileSync(join(dir, 'L.dot'), 'utf8'), dot.stdout);
});

test("render --edge-derivatives labels each operand edge with its local derivative, as the panel's ∂ button does", () => {
  const name = file('edges.grad', LECTURE);
  const plain = gradlens('render', name, '--format', 'dot');
  assert.doesNotMatch(plain.stdout, /∂/);
  const dot = gradlens('render', name, '--format', 'dot', '--edge-derivatives');
  assert.equal(dot.status, 0, dot.stderr);
  const labels = [...dot.stdout.matchAll(/class="derivative"/g)].length;
  assert.equal(labels, 6, 'two operands each for e = a * b, d = e + c, L = d * f');
  assert.match(dot.stdout, /label="∂e\/∂a = b = -3\.0000"/);
  assert.match(dot.stdout, /label="∂L\/∂d = f = -2\.0000"/);
  const svg = gradlens('render', name, '--edge-derivatives');
  assert.equal(svg.status, 0, svg.stderr);
  assert.match(svg.stdout, />∂e\/∂a = b = &#45;3\.0000</);
  assertUsageError(gradlens('render', name, '--edge-derivatives=yes'), /option '--edge-derivatives' takes no value/);
});

test('render picks the last cell with an output; --cell chooses, out of range names the valid range', () => {
  const name = file('cells.grad', '# %% one\nx = 2.0\ny = x * x\n# %% two\nz = y + 1\nw = z.tanh()\n# %% three\nprint(y)\n');
  const last = gradlens('render', name, '--format', 'dot');
  assert.equal(last.status, 0, last.stderr);
  assert.match(last.stdout, /tanh/);
  const first = gradlens('render', name, '--cell', '0', '--format', 'dot');
  assert.equal(first.status, 0);
  assert.doesNotMatch(first.stdout, /tanh/);
  assert.match(first.stdout, /label="\{ y \| data 4\.0000 \| grad 1\.0000 \}"/);
  assertUsageError(gradlens('render', name, '--cell', '3'), /--cell 3 is out of range: valid cells are 0 to 2/);
});

test('render: a cell with an error is not drawn (exit 1, no drawing, no file); another cell is, with a note', () => {
  for (const [name, source] of [
    ['render-runtime.grad', 'a = Value(2.0)\nb = a * 3\nc = b + zz\n'],
    ['render-syntax.grad', 'a = Value(2.0)\nb = a * 3\nc = b +* 1\n'],
  ] as const) {
    for (const format of ['svg', 'dot']) {
      const r = gradlens('render', file(name, source), '--format', format);
      assert.equal(r.status, 1, r.stderr);
      assert.equal(r.stdout, '', 'nothing drawn');
      assert.match(r.stderr, /:3:\d+: error: /);
      assert.match(r.stderr, /^gradlens: cell 0 has an error at line 3: not drawn, since what ran of it is not what is written/m);
      assertNoStackTrace(r);
    }
    const out = gradlens('render', name, '-o', `${name}.svg`);
    assert.equal(out.status, 1);
    assert.ok(!existsSync(join(dir, `${name}.svg`)), 'no SVG of an older value is written');
  }

  const two = file('render-two.grad', '# %% a\nx = Value(1.0)\ny = x * 2\n# %% b\nw = y * 3\nz = w + zz\n');
  const broken = gradlens('render', two, '--format', 'dot');
  assert.equal(broken.status, 1);
  assert.equal(broken.stdout, '');
  assert.match(broken.stderr, /gradlens: cell 1 has an error at line 6: not drawn/);
  const other = gradlens('render', two, '--cell', '0', '--format', 'dot');
  assert.equal(other.status, 1, 'the file still has an error');
  assert.match(other.stdout, /label="\{ y \| data 2\.0000 \| grad 1\.0000 \}"/);
  assert.match(other.stderr, /^note: cell 0 drawn, since it has no error; the file has errors in other cells$/m);
});

test('render: nothing to draw is not an error: a note, no output, exit 0 (1 only if the file has errors)', () => {
  for (const [name, source] of [['draw-empty.grad', ''], ['draw-comments.grad', '# only\n# comments\n'], ['draw-print.grad', 'print(1 + 2)\n']] as const) {
    const r = gradlens('render', file(name, source));
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, `note: nothing to draw: ${name} has no cell with an output\n`);
    const out = gradlens('render', name, '-o', `${name}.svg`);
    assert.equal(out.status, 0);
    assert.equal(out.stderr, `note: nothing to draw: ${name} has no cell with an output; ${name}.svg not written\n`);
    assert.ok(!existsSync(join(dir, `${name}.svg`)));
  }
  const cells = file('draw-cell.grad', '# %% one\nx = Value(2.0)\ny = x * x\n# %% two\nprint(3)\n');
  const r = gradlens('render', cells, '--cell', '1');
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, 'note: nothing to draw: cell 1 of draw-cell.grad has no output\n');
  const broken = gradlens('render', file('draw-broken.grad', 'x = (1 +\n'));
  assert.equal(broken.status, 1);
  assert.match(broken.stderr, /error: /);
});

test('render escapes labels a user wrote, in DOT and in SVG', () => {
  const name = file('hostile.grad', `x = Value(2.0, label='<img src=x onerror=alert(1)>')\ny = x * 3; y.label = 'a|b{c}"<>\\\\'\n`);
  const svg = gradlens('render', name);
  assert.equal(svg.status, 0, svg.stderr);
  assert.ok(!svg.stdout.includes('<img'));
  assert.match(svg.stdout, />&lt;img src=x onerror=alert\(1\)&gt;</);
  assert.match(svg.stdout, />a\|b\{c\}&quot;&lt;&gt;\\</);
});

test('check: passes on the lecture, fails where the derivative is not defined (relu at 0)', () => {
  const ok = gradlens('check', file('check-ok.grad', LECTURE));
  assert.equal(ok.status, 0, ok.stdout + ok.stderr);
  assert.match(ok.stdout, /tolerance|<= [\d.e-]+ \* max/);
  assert.match(ok.stdout, /^ +a +2 +6\.000000 +6\.000000 +ok$/m);
  assert.match(ok.stdout, /^ +f +7 +4\.000000 +4\.000000 +ok$/m);
  assert.doesNotMatch(ok.stdout, /FAIL/);

  // relu's kink: backpropagation says 0 at exactly 0, a central difference says 0.5.
  const bad = gradlens('check', file('check-relu.grad', '# %% kink\nx = 0.0\ny = x.relu()\n# %% smooth\nz = 2.0\nw = z * z\n'));
  assert.equal(bad.status, 1, bad.stdout + bad.stderr);
  assert.match(bad.stdout, /^ +x +2 +0\.000000 +0\.500000 +FAIL$/m);
  assert.match(bad.stdout, /^ +z +5 +4\.000000 +4\.000000 +ok$/m);
  assert.match(bad.stdout, /1 of 4 gradients differ/);
  assertNoStackTrace(bad);
});

test('check: a cell with an error is not checked, and the summary line says the file has errors (exit 1)', () => {
  const source = '# %% broken\na = Value(2.0)\nb = a * 3\nc = b + zz\n# %% fine\nd = Value(1.0)\ne = d * 2\n';
  const r = gradlens('check', file('check-error.grad', source));
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stderr, /^check-error\.grad:4:9: error: NameError/m);
  assert.match(r.stdout, /^cell 0: broken \(lines 1-4, output b\)\n {2}not checked: cell 0 has an error at line 4$/m);
  assert.doesNotMatch(r.stdout, /^ +a +2 /m, 'no row for the broken cell');
  assert.match(r.stdout, /^ +d +6 +2\.000000 +2\.000000 +ok$/m);
  const last = r.stdout.trimEnd().split('\n').at(-1);
  assert.equal(last, 'the file has errors: cell 0 not checked; the other 2 gradients agree with the estimate');
  assert.doesNotMatch(r.stdout, /all \d+ gradients agree/);

  const only = gradlens('check', file('check-error-only.grad', 'a = Value(2.0)\nb = a * 3\nc = b +* 1\n'));
  assert.equal(only.status, 1);
  assert.equal(only.stdout.trimEnd().split('\n').at(-1), 'the file has errors: cell 0 not checked; no other gradients to check');
});

test('every example evaluates and checks cleanly', () => {
  const examples = readdirSync(EXAMPLES).filter((f) => f.endsWith('.grad')).sort();
  assert.deepEqual(examples, [
    '00-derivative.grad', '01-expression.grad', '02-manual-gradients.grad', '03-optimisation-step.grad',
    '04-neuron.grad', '05-a-plus-a-bug.grad', '06-micrograd-readme.grad', '07-neuron-classes.grad', '08-moons.grad',
  ]);
  for (const example of examples) {
    const path = join(EXAMPLES, example);
    const evaluated = gradlens('eval', path);
    assert.equal(evaluated.status, 0, `${example}: ${evaluated.stderr}`);
    assert.equal(evaluated.stderr, '', example);
    const checked = gradlens('check', path);
    assert.equal(checked.status, 0, `${example}: ${checked.stdout}${checked.stderr}`);
    assert.doesNotMatch(checked.stdout, /FAIL/);
    const rendered = gradlens('render', path, '--format', 'dot');
    assert.equal(rendered.status, 0, `${example}: ${rendered.stderr}`);
    // micrograd's demo trains on a graph of 65,818 values: render draws its summary and says so.
    if (example === '08-moons.grad') {
      assert.match(rendered.stderr, /^note: cell 2's graph has 65,818 values: drawn as a summary of \d+ nodes \(--budget 300\)\n$/);
      assert.match(rendered.stdout, /class="group repeat", label="×100 MLP\.__call__/);
    }
  }
});

type Cells = Array<{ output: string | null; values: Record<string, { data: number; grad: number }>; printed: string[] }>;

function cellsOf(example: string): Cells {
  const r = gradlens('eval', join(EXAMPLES, example), '--json');
  assert.equal(r.status, 0, r.stderr);
  return (JSON.parse(r.stdout) as { cells: Cells }).cells;
}

function near(actual: number | undefined, expected: number, digits = 4): void {
  assert.ok(actual !== undefined && Math.abs(actual - expected) < 0.5 * 10 ** -digits, `${actual} ≉ ${expected}`);
}

test('the examples give the lecture\'s numbers', () => {
  const expression = cellsOf('01-expression.grad');
  for (const cell of expression) {
    assert.equal(cell.output, 'L');
    assert.deepEqual([cell.values.L.data, cell.values.a.grad, cell.values.b.grad, cell.values.c.grad, cell.values.f.grad], [-8, 6, -4, -2, 4]);
  }
  const manual = cellsOf('02-manual-gradients.grad');
  assert.deepEqual([manual[1].values.a.grad, manual[1].values.b.grad, manual[1].values.d.grad], [6, -4, -2]);
  near(manual[2].values.slope.data, 6, 2);
  near(Number(manual[2].printed[0]), 6, 2);

  const step = cellsOf('03-optimisation-step.grad');
  assert.deepEqual([step[0].values.a.grad, step[0].values.f.grad], [6, 4]);
  near(step[1].values.L.data, -7.286496, 6);
  assert.equal(step[1].printed[0], '-7.286496');

  for (const cell of cellsOf('04-neuron.grad')) {
    assert.equal(cell.output, 'o');
    near(cell.values.o.data, 0.7071);
    near(cell.values.x1.grad, -1.5);
    near(cell.values.w1.grad, 1.0);
    near(cell.values.x2.grad, 0.5);
    near(cell.values.w2.grad, 0);
  }

  const bug = cellsOf('05-a-plus-a-bug.grad');
  assert.equal(bug[0].values.a.grad, 2);
  assert.deepEqual([bug[1].values.a.grad, bug[1].values.b.grad], [-3, -8]);

  const readme = cellsOf('06-micrograd-readme.grad')[0];
  near(readme.values.g.data, 24.7041);
  near(readme.values.a.grad, 138.8338);
  near(readme.values.b.grad, 645.5773);
  assert.deepEqual(readme.printed.map((p) => Number(p).toFixed(4)), ['24.7041', '138.8338', '645.5773']);
});

test('render: a graph too large to lay out whole is drawn as a summary within --budget, in seconds', () => {
  const lines = ['x = 0.5'];
  for (let i = 0; i < 3400; i++) lines.push('x = x * 1.0001 + 0.0001');
  const huge = file('huge.grad', lines.join('\n') + '\n');
  const started = Date.now();
  const big = gradlens('render', huge);
  assert.equal(big.status, 0, big.stdout + big.stderr);
  assert.match(big.stderr, /graph has 13,601 values: drawn as a summary of \d+ nodes \(--budget 300\)/);
  assert.match(big.stdout, /^<\?xml|^<svg/);
  assert.ok(Date.now() - started < 20_000, 'no minutes of Graphviz');
  const small = gradlens('render', huge, '--budget', '40', '--format', 'dot');
  const drawn = small.stdout.match(/^\s+\w+ \[/gm)?.length ?? 0;
  assert.ok(drawn > 0 && drawn <= 40, `${drawn} nodes drawn for --budget 40`);
  assert.match(gradlens('render', huge, '--budget', '0').stderr, /--budget expects a number of drawn nodes, a whole number above 0, not '0'/);
  assertNoStackTrace(big);
});

test('every summary line agrees with the exit status: files × commands', () => {
  const files: Record<string, { source: string; status: Record<string, number> }> = {
    'clean.grad': { source: LECTURE, status: { eval: 0, json: 0, check: 0, render: 0 } },
    'syntax.grad': { source: '# %% s\na = Value(2.0)\nb = a * 3\nc = b +* 1\n', status: { eval: 1, json: 1, check: 1, render: 1 } },
    'runtime.grad': { source: '# %% r\na = Value(2.0)\nb = a * 3\nc = b + zz\n', status: { eval: 1, json: 1, check: 1, render: 1 } },
    'empty.grad': { source: '', status: { eval: 0, json: 0, check: 0, render: 0 } },
    'comments.grad': { source: '# only\n# comments\n', status: { eval: 0, json: 0, check: 0, render: 0 } },
    // The lecture's by-hand gradients, one of them wrong: no error, but a failed check.
    'by-hand.grad': { source: 'a = Value(2.0)\nb = a * a\nb.grad = 1.0\na.grad = 7.0\n', status: { eval: 0, json: 0, check: 1, render: 0 } },
  };
  const commands: Record<string, string[]> = { eval: ['eval'], json: ['eval', '--json'], check: ['check'], render: ['render', '--format', 'dot'] };
  for (const [name, { source, status }] of Object.entries(files)) {
    file(`summary-${name}`, source);
    for (const [command, args] of Object.entries(commands)) {
      const [verb, ...flags] = args;
      const r = gradlens(verb, `summary-${name}`, ...flags);
      const what = `${command} ${name}: status ${r.status}\n${r.stdout}\n${r.stderr}`;
      assertNoStackTrace(r);
      assert.equal(r.status, status[command], what);
      // --json carries its diagnostics in the document; the others print them on stderr.
      const errors = command === 'json'
        ? (JSON.parse(r.stdout) as { diagnostics: Array<{ severity: string }> }).diagnostics.some((d) => d.severity === 'error')
        : /^summary-[\w.-]+:\d+:\d+: error: /m.test(r.stderr);
      const last = r.stdout.trimEnd().split('\n').at(-1) ?? '';
      // Status 1 has a reason in what was printed; status 0 has none.
      if (command === 'check') {
        const failed = /gradients differ from the estimate/.test(last);
        assert.equal(errors, /^the file has errors/.test(last), what);
        assert.equal(r.status === 1, errors || failed, what);
        if (r.status === 0) assert.match(last, /^(all \d+ gradients agree with the estimate|no gradients to check)$/, what);
      } else {
        assert.equal(r.status === 1, errors, what);
      }
      if (r.status === 0) assert.doesNotMatch(r.stderr, /error|^gradlens:/m, what);
      if (command === 'eval' && errors) assert.match(r.stdout, /^ {2}no gradients: cell 0 has an error at line 4/m, what);
      if (command === 'json') {
        const doc = JSON.parse(r.stdout) as { cells: Array<{ hasError: boolean; values: Record<string, { grad: number | null }> }>; diagnostics: Array<{ severity: string }> };
        assert.equal(doc.diagnostics.some((d) => d.severity === 'error'), r.status === 1, what);
        assert.equal(doc.cells.some((c) => c.hasError), r.status === 1, what);
        for (const cell of doc.cells) if (cell.hasError) for (const v of Object.values(cell.values)) assert.equal(v.grad, null, what);
      }
      if (command === 'render') {
        const drawn = r.stdout.startsWith('digraph G {');
        if (errors) assert.ok(!drawn && /^gradlens: cell 0 has an error at line 4: not drawn/m.test(r.stderr), what);
        else if (!drawn) assert.equal(r.stderr, `note: nothing to draw: summary-${name} has no cell with an output\n`, what);
      }
    }
  }
  // check compares the intermediate values too (e, d and L are results, not leaves).
  const clean = gradlens('check', 'summary-clean.grad');
  for (const label of ['e', 'd', 'L']) assert.match(clean.stdout, new RegExp(`^ +${label} +\\d+ +-?[\\d.]+ +-?[\\d.]+ +ok$`, 'm'));
  const byHand = gradlens('check', 'summary-by-hand.grad');
  assert.match(byHand.stdout, /^ +a +1 +7\.000000 +4\.000000 +FAIL$/m);
  assert.equal(byHand.stdout.trimEnd().split('\n').at(-1), '1 of 2 gradients differ from the estimate beyond the tolerance');
});
