import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { evaluate } from '../../../src/lang';
import { referenceAt } from '../../../src/extension/cells';
import { hoverContent, hoverMarkdown } from '../../../src/extension/features/hover/content';
import { escapeMarkdown } from '../../../src/extension/features/hover/markdown';
import { LECTURE } from '../../fixtures/lecture';


/** The hover at the n-th occurrence of `needle` (at its first character). */
function hoverAt(text: string, needle: string, nth = 0, precision = 4) {
  let offset = -1;
  for (let i = 0; i <= nth; i++) offset = text.indexOf(needle, offset + 1);
  assert.ok(offset >= 0, `${needle} in the text`);
  const result = evaluate(text);
  const found = referenceAt(result, offset);
  assert.ok(found, `a reference at ${needle}`);
  return hoverContent(found.cell, found.reference, precision);
}

describe('hover content', () => {
  test("a leaf of the lecture's L: its data and ∂L/∂a", () => {
    const content = hoverAt(LECTURE, 'a = 2.0');
    assert.equal(content.title, 'a');
    assert.equal(content.kind, 'leaf');
    assert.deepEqual(content.lines, ['data = 2.0000', '∂L/∂a = 6.0000']);
  });

  test('a product names the local derivative of each input, as a formula and a number', () => {
    const content = hoverAt(LECTURE, 'e = a * b');
    assert.equal(content.kind, 'result of *');
    assert.deepEqual(content.lines, [
      'data = -6.0000',
      '∂L/∂e = -2.0000',
      'e = a*b: ∂e/∂a = b = -3.0000, ∂e/∂b = a = 2.0000',
    ]);
  });

  test('a sum says its local derivatives are 1 once, and a reference inside an expression finds the same node', () => {
    assert.deepEqual(hoverAt(LECTURE, 'e + c'), hoverAt(LECTURE, 'e = a * b'));
    assert.deepEqual(hoverAt(LECTURE, 'd = e + c').lines.at(-1), 'd = e + c: ∂d/∂e = 1, ∂d/∂c = 1');
  });

  test('the output differentiates to 1 and precision is honoured', () => {
    const content = hoverAt(LECTURE, 'L = d', 0, 2);
    assert.deepEqual(content.lines.slice(0, 2), ['data = -8.00', '∂L/∂L = 1.00']);
    assert.equal(content.lines[2], 'L = d*f: ∂L/∂d = f = -2.00, ∂L/∂f = d = 4.00');
  });

  test('a cell that runs backward() shows the accumulated .grad, not a derivative of the output', () => {
    const text = `a = Value(2.0, label='a')\nb = Value(-3.0, label='b')\nL = a*b\nL.backward()\nL.backward()\n`;
    const content = hoverAt(text, 'a = Value');
    assert.equal(content.lines[1], "a.grad = -6.0000 (as backward() or this cell's code left it)");
    assert.ok(!content.lines.some((l) => l.includes('∂L/∂a')));
  });

  test('after an earlier backward(), a cell that only reads a.grad shows the field beside the derivative', () => {
    const text = `# %%\na = 2.0\nL = a * 3\nL.backward()\n# %% step\na.data += 0.01 * a.grad\nM = a * a\n`;
    const content = hoverAt(text, 'a.data');
    assert.deepEqual(content.lines.slice(0, 3), [
      'data = 2.0300',
      '∂M/∂a = 4.0600',
      'a.grad = 3.0000 (the field a.grad reads, set by an earlier backward())',
    ]);
  });

  test('a cell with an error shows no gradient: its output is not what is being written', () => {
    const text = `a = 2.0\nb = a * 3\nc = b * zz\n`;
    const result = evaluate(text);
    const found = referenceAt(result, text.indexOf('b = '));
    assert.ok(found);
    assert.deepEqual(hoverContent(found.cell, found.reference, 4).lines.slice(0, 2), [
      'data = 6.0000',
      'no gradient while this cell has an error',
    ]);
  });

  test('unary ops and constants: tanh, a power and an unnamed input in parentheses', () => {
    const text = `x = 0.5\nn = x*2 + 1\no = n.tanh()\ny = x**2\n`;
    const o = hoverAt(text, 'o = ');
    const tanh = Math.tanh(2);
    assert.equal(o.lines.at(-1), `o = tanh(n): ∂o/∂n = 1 - o² = ${(1 - tanh * tanh).toFixed(4)}`);
    const n = hoverAt(text, 'n = ');
    assert.equal(n.lines.at(-1), 'n = (x*2) + 1: ∂n/∂(x*2) = 1, ∂n/∂1 = 1');
    const y = hoverAt(text, 'y = ');
    assert.equal(y.lines.at(-1), 'y = x**2: ∂y/∂x = 2·x^1 = 1.0000');
  });

  test('a Value used as both operands is called out', () => {
    const content = hoverAt('a = 3.0\nb = a + a\n', 'b = ');
    assert.deepEqual(content.lines.slice(-2), [
      'b = a + a: ∂b/∂a = 1, ∂b/∂a = 1',
      'a is both operands, so both local derivatives add into its gradient',
    ]);
  });

  test('a Value the cell only reads still shows its numbers', () => {
    const text = `a = 2.0\n# %% just printing\nprint(a.data)\n`;
    const result = evaluate(text);
    const found = referenceAt(result, text.lastIndexOf('a.data'));
    assert.ok(found);
    assert.equal(found.cell.index, 1);
    assert.deepEqual(hoverContent(found.cell, found.reference, 4).lines, [
      'data = 2.0000',
      'no gradient: this cell has no output to differentiate',
    ]);
  });
});

describe('hover markdown', () => {
  test('user text is shown literally: a hostile label cannot become HTML, a link or emphasis', () => {
    const text = `a = Value(2.0, label='<img src=x onerror=alert(1)>')\nb = Value(1.0, label='a|b{c}"*_[x](y)')\nL = a*b\n`;
    const md = hoverMarkdown(hoverAt(text, 'a = Value'));
    assert.doesNotMatch(md, /(^|[^\\])</, md);
    assert.ok(md.includes('\\<img src\\=x onerror\\=alert\\(1\\)\\>'), md);
    const md2 = hoverMarkdown(hoverAt(text, 'b = Value'));
    assert.ok(md2.includes('a\\|b\\{c\\}\\"\\*\\_\\[x\\]\\(y\\)'), md2);
  });

  test('escapeMarkdown escapes every ASCII punctuation mark and flattens line breaks', () => {
    assert.equal(escapeMarkdown('a.b-c\n#d'), 'a\\.b\\-c \\#d');
    assert.equal(escapeMarkdown('∂L/∂a = 6'), '∂L\\/∂a \\= 6');
  });

  test('the title is bold and the lines are separate', () => {
    assert.equal(
      hoverMarkdown({ title: 'a', kind: 'leaf', lines: ['data = 2.0000', '∂L/∂a = 6.0000'] }),
      '**a** · leaf  \ndata \\= 2\\.0000  \n∂L\\/∂a \\= 6\\.0000',
    );
  });
});
