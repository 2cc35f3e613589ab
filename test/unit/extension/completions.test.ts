import assert from 'node:assert/strict';
import { test } from 'node:test';
import { completionsAt } from '../../../src/extension/features/completions/content';
import { evaluate } from '../../../src/lang';
import { LECTURE } from '../../fixtures/lecture';

const labels = (text: string, offset: number) =>
  completionsAt(evaluate(text), text, offset, 4).map((c) => `${c.kind} ${c.label}`);

test('variables bound before the cursor, with their numbers, then the built-in functions', () => {
  const text = LECTURE + 'M = ';
  const found = completionsAt(evaluate(text), text, text.length, 4);
  assert.deepEqual(found.filter((c) => c.kind === 'variable').map((c) => c.label), ['a', 'b', 'c', 'e', 'd', 'f', 'L']);
  assert.equal(found.find((c) => c.label === 'a')?.detail, 'data 2.0000  ∇ 6.0000');
  assert.ok(found.some((c) => c.label === 'tanh' && c.kind === 'function' && c.insert === 'tanh('));
});

test('a variable bound later in the file is not offered', () => {
  const text = 'a = 2.0\nb = \nc = 3.0\n';
  const variables = labels(text, text.indexOf('b = ') + 4).filter((l) => l.startsWith('variable'));
  assert.deepEqual(variables, ['variable a']);
});

test("after a name and a dot, a Value's attributes and methods", () => {
  const text = 'a = 2.0\na.gr';
  assert.deepEqual(labels(text, text.length).slice(0, 4), ['property data', 'property grad', 'property label', 'method backward']);
});

test('every function offered is one a .grad file can call: the list cannot drift from the built-ins', () => {
  const functions = completionsAt(evaluate(''), '', 0, 4).filter((c) => c.kind === 'function').map((c) => c.label);
  assert.ok(functions.length > 20);
  const result = evaluate(functions.map((name) => `print(callable(${name}))`).join('\n') + '\n');
  assert.deepEqual(result.diagnostics.map((d) => d.message), []);
  assert.deepEqual(result.cells[0].printed.map((p) => p.text), functions.map(() => 'True'));
});
