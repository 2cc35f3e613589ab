import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cellAt, referenceAt } from '../../../src/extension/cells';
import { evaluate, type CellResult, type EvalResult } from '../../../src/lang';
import { LECTURE } from '../../fixtures/lecture';

// Which cell and which identifier an offset is at: what the graph panel, Check
// gradients and the hover all ask.

const TEXT = `# A header of comments, not a cell of its own

# %% first
a = 2.0
b = a * 3
b
# %% second
x = Value(1.0)
y = x.tanh()
y + x

# %%
z = 1
`;

const at = (needle: string): number => {
  const i = TEXT.indexOf(needle);
  assert.ok(i >= 0, needle);
  return i;
};

describe('cellAt', () => {
  const result = evaluate(TEXT);
  const index = (offset: number): number | undefined => cellAt(result, offset)?.index;

  test('finds the cell whose range holds the offset, markers included', () => {
    assert.equal(result.cells.length, 3);
    assert.equal(index(at('# %% first')), 0);
    assert.equal(index(at('b\n#')), 0);
    assert.equal(index(at('# %% second')), 1);
    assert.equal(index(at('y + x')), 1);
    assert.equal(index(at('z = 1')), 2);
  });

  test('gives the line break after a cell to that cell, not the next', () => {
    const endOfFirst = result.cells[0].range.end;
    assert.equal(TEXT[endOfFirst], '\n');
    assert.equal(index(endOfFirst), 0);
    assert.equal(index(at('\n\n# %%\nz') + 1), 1);
  });

  test('the comment header above the first cell belongs to the first cell', () => {
    assert.ok(result.cells[0].range.start > at('# A header'), 'the header is outside every range');
    assert.equal(index(0), 0);
    assert.equal(index(at('not a cell')), 0);
    assert.equal(index(at('\n# %% first')), 0);
  });

  test('the empty line at the end of the file belongs to the last cell', () => {
    assert.ok(result.cells[2].range.end < TEXT.length, 'the last line is outside every range');
    assert.equal(index(TEXT.length), 2);
  });

  test('a file without cells (empty, or only comments) has no cell anywhere', () => {
    assert.equal(cellAt(evaluate(''), 0), undefined);
    assert.equal(cellAt(evaluate('# only a comment\n'), 5), undefined);
  });
});

describe('referenceAt', () => {
  test('a cursor inside a name or just after it, where typing leaves it, finds the name', () => {
    const text = 'a = 2.0\nb = -3.0\ne = a*b';
    const result = evaluate(text);
    const name = (offset: number): string | undefined => referenceAt(result, offset)?.reference.name;
    const end = text.length;
    assert.equal(name(end), 'b', 'e = a*b|');
    assert.equal(name(end - 1), 'b', 'e = a*|b');
    assert.equal(name(end - 2), 'a', 'e = a|*b');
    assert.equal(name(text.indexOf('e =') + 1), 'e', 'e| = a*b');
    assert.equal(name(text.indexOf('2.0') + 1), undefined, 'in a number');
  });

  test('where one identifier ends and another starts, the one starting there wins', () => {
    // The language puts an operator or a space between names; the rule must not depend
    // on the order the interpreter recorded them in, so this cell records the left one first.
    const cell = {
      index: 0,
      range: { start: 0, end: 2 },
      references: [
        { name: 'p', range: { start: 0, end: 1 }, node: 0 },
        { name: 'q', range: { start: 1, end: 2 }, node: 1 },
      ],
    } as unknown as CellResult;
    const result: EvalResult = { cells: [cell], diagnostics: [], stoppedByBound: null };
    assert.equal(referenceAt(result, 1)?.reference.name, 'q');
    assert.equal(referenceAt(result, 2)?.reference.name, 'q');
    assert.equal(referenceAt(result, 0)?.reference.name, 'p');
  });

  test("a hover, given the hovered character's position, names the identifier drawn there", () => {
    // VS Code asks for a hover at the start of the character under the mouse: every
    // character of every name must give that name, and never its neighbour's.
    const result = evaluate(LECTURE);
    let checked = 0;
    for (const cell of result.cells) {
      for (const reference of cell.references) {
        for (let offset = reference.range.start; offset < reference.range.end; offset++) {
          const found = referenceAt(result, offset);
          assert.equal(found?.reference.name, reference.name, `at ${offset}`);
          assert.deepEqual(found?.reference.range, reference.range, `at ${offset}: the occurrence hovered, not another of the same name`);
          checked++;
        }
      }
    }
    assert.equal(checked, 13, "each one-letter name of the lecture, where it is bound and where it is used");
  });
});
