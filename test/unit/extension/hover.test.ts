import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { evaluate, LineIndex, type CellResult, type NameReference } from '../../../src/lang';
import { inlineValues } from '../../../src/extension/features/inlineValues/content';
import { referenceAt } from '../../../src/extension/cells';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { hoverContent, hoverMarkdown, localHoverContent, STALE_NOTE } from '../../../src/extension/features/hover/content';
import { blockSparkline, sparklineSvg } from '../../../src/extension/features/hover/sparkline';
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
  return hoverContent(found.cell, found.reference, precision, text);
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
    assert.deepEqual(hoverContent(found.cell, found.reference, 4, text).lines.slice(0, 2), [
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
    assert.deepEqual(hoverContent(found.cell, found.reference, 4, text).lines, [
      'data = 2.0000',
      'no gradient: this cell has no output to differentiate',
    ]);
  });
});

describe('values inside loops', () => {
  // micrograd's demo, once for every test here (about a second).
  const MOONS = readFileSync(path.join(import.meta.dirname, '../../../examples/08-moons.grad'), 'utf8');
  // A generous budget: on a loaded machine the 100 steps may take longer than the editor's default.
  const moons = evaluate(MOONS, { timeBudgetMs: 120_000 });
  const trainingLoss = MOONS.indexOf('total_loss, acc = loss()', MOONS.indexOf('for k in range(100)'));
  const losses = moons.cells[2].series.find((s) => s.label === 'total_loss')?.values
    ?? moons.cells[2].bindings.find((b) => b.name === 'total_loss')!.history!.samples;

  test("the training loop's total_loss line: runs, first, last, min and max, and every step's loss to draw", () => {
    const found = referenceAt(moons, trainingLoss);
    assert.ok(found);
    const content = hoverContent(found.cell, found.reference, 4, MOONS);
    assert.equal(content.title, 'total_loss');
    const [first, last] = [losses[0], losses[losses.length - 1]];
    const [min, max] = [Math.min(...losses), Math.max(...losses)];
    assert.ok(first > 0.8 && last < 0.02, `the loss falls: ${first} to ${last}`);
    assert.deepEqual(content.lines.slice(-2), [
      'this line ran 100 times; this is the last value',
      `first ${first.toFixed(4)}, last ${last.toFixed(4)}, min ${min.toFixed(4)}, max ${max.toFixed(4)}`,
    ]);
    assert.equal(content.samples!.length, 100, 'under 200 runs, every value is a sample');
    assert.deepEqual(content.samples, losses);
  });

  test('its Markdown: the lines, then an SVG sparkline as a data URI with the blocks as alt text', () => {
    const found = referenceAt(moons, trainingLoss)!;
    const markdown = hoverMarkdown(hoverContent(found.cell, found.reference, 4, MOONS));
    const image = /!\[([▁▂▃▄▅▆▇█]+)\]\(data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)\)/.exec(markdown);
    assert.ok(image, markdown);
    assert.equal(image[1].length, 24);
    assert.equal(image[1][0], '█', 'the first steps (0.90, then 1.72) are the highest');
    assert.equal(image[1].at(-1), '▁', 'the loss ends at its lowest');
    const svg = atob(image[2]);
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="240" height="40"/);
    assert.equal((svg.match(/<polyline points="([^"]+)"/)![1]).split(' ').length, 100);
    assert.ok(!markdown.includes(STALE_NOTE.slice(0, 8)));
  });

  test("the function's own total_loss line: its 101 calls' history, read by a hover inside the def", () => {
    const site = MOONS.indexOf('total_loss = data_loss + reg_loss');
    const local = localHoverContent(moons.cells[1], 'total_loss', site, 4, MOONS)!;
    assert.equal(local.lines.at(-2), "last of 101 assignments (the last call's, after the whole file ran)");
    assert.match(local.lines.at(-1)!, /^first 0\.8958, last 0\.0110, min 0\.0110, max 1\.7236$/);
    assert.equal(local.samples!.length, 101);
  });

  test('a number that never changed says so, with no sparkline', () => {
    const local = localHoverContent(moons.cells[1], 'alpha', MOONS.indexOf('alpha = 1e-4'), 4, MOONS)!;
    assert.equal(local.lines.at(-1), 'always 0.0001');
    assert.equal(local.samples, undefined);
  });

  test('no history for a loop target or an attribute set through it: each run is another parameter', () => {
    for (const needle of ['p in model.parameters():', 'p.data -= learning_rate', 'k in range(100)']) {
      const found = referenceAt(moons, MOONS.indexOf(needle));
      assert.ok(found, needle);
      const content = hoverContent(found.cell, found.reference, 4, MOONS);
      assert.equal(content.samples, undefined, needle);
      assert.ok(!content.lines.some((l) => l.startsWith('first ')), `${needle}: ${content.lines.join(' | ')}`);
    }
  });

  test('other lines in the loop keep theirs: the learning rate decays, the accuracy climbs', () => {
    const rate = hoverContent(...at(moons, MOONS, 'learning_rate = 1.0'));
    assert.equal(rate.lines.at(-1), 'first 1.0000, last 0.1090, min 0.1090, max 1.0000');
    const acc = hoverContent(...at(moons, MOONS, 'acc = loss()', MOONS.indexOf('for k in range(100)')));
    assert.equal(acc.samples!.at(-1), 1);
  });

  test('the inline values on the same lines (shared evaluation): the last value, ×100 in the loop, ×101 in the function', () => {
    const lines = new LineIndex(MOONS);
    const values = inlineValues(moons, lines, 4);
    const after = (needle: string, from = 0) => {
      const start = MOONS.indexOf(needle, from);
      return values.filter((v) => v.offset === start + needle.length).map((v) => v.text).sort();
    };
    const last = losses[losses.length - 1].toFixed(4);
    assert.deepEqual(after('total_loss, acc = loss()', MOONS.indexOf('for k in range(100)')),
      [`= ${last}  ∇ 1.0000  ×100`, '= 1.0  ×100'].sort());
    assert.deepEqual(after('total_loss = data_loss + reg_loss'), [`= ${last}  ∇ 1.0000  ×101`]);
  });

  test('the stale note is the last line, in italics', () => {
    const markdown = hoverMarkdown({ title: 'a', kind: 'leaf', lines: ['data = 1.0000'], stale: true });
    assert.equal(markdown.split('  \n').at(-1), `*${escapeMarkdown('from the previous edit; updating…')}*`);
  });
});

describe('sparklines', () => {
  test('blocks from lowest to highest; a gap for NaN; a flat line mid-height', () => {
    assert.equal(blockSparkline([0, 1, 2, 3, 4, 5, 6, 7]), '▁▂▃▄▅▆▇█');
    assert.equal(blockSparkline([1, NaN, 3]), '▁ █');
    assert.equal(blockSparkline([2, 2]), '▄▄');
    assert.equal(blockSparkline(Array.from({ length: 1000 }, (_, i) => i)).length, 24);
  });

  test('the SVG breaks its line at a non-finite sample and marks the last point', () => {
    const svg = sparklineSvg([3, 1, Infinity, 2, 0]);
    assert.equal(svg.match(/<polyline/g)!.length, 2);
    assert.match(svg, /<circle cx="237" cy="37" r="2.5"/);
    assert.doesNotMatch(svg, /NaN|Infinity/);
  });
});

/** The arguments of hoverContent at the name that starts `needle`. */
function at(result: ReturnType<typeof evaluate>, text: string, needle: string, from = 0): [CellResult, NameReference, number, string] {
  const found = referenceAt(result, text.indexOf(needle, from));
  assert.ok(found, needle);
  return [found.cell, found.reference, 4, text];
}

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

describe('hover: a NaN or an infinity is marked', () => {
  test('the data of log(-2) and the gradient of exp(1000)\'s input say so, and where to look', () => {
    const text = 'a = Value(-2.0)\nb = a.log()\nc = b * 3.0\n\n# %%\nx = Value(1000.0)\ny = x.exp()\ny.backward()\n';
    const result = evaluate(text);
    const b = hoverContent(...at(result, text, 'b * 3.0'));
    assert.ok(b.lines.includes('⚠ its data is not a finite number: the warning in Problems says where it was made'), JSON.stringify(b.lines));
    const x = hoverContent(...at(result, text, 'x.exp()'));
    assert.ok(x.lines.includes('⚠ its gradient is not a finite number: the warning in Problems says where it was made'), JSON.stringify(x.lines));
    const a = hoverContent(...at(result, text, 'a.log()'));
    assert.ok(!a.lines.some((l) => l.startsWith('⚠')), JSON.stringify(a.lines));
  });
});
