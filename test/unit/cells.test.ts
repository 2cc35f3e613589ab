import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { findCells } from '../../src/lang/cells';

/** The titles of the cells of `text`, with '(preamble)' for text before the first marker. */
function cells(text: string): string[] {
  return findCells(text).map((c) => (c.markerRange === undefined ? '(preamble)' : c.title));
}

describe('findCells', () => {
  it('leaves out a header of comments and blank lines above the first marker', () => {
    assert.deepEqual(cells('# title\n\n  # more\n\f\n# %% a\nx = 1\n'), ['a']);
    assert.deepEqual(cells('\ufeff# c\r\n\r\n# %% a\r\nx'), ['a']);
    assert.deepEqual(cells('# only a comment\n'), []);
  });

  it('keeps code above the first marker as a cell of its own', () => {
    assert.deepEqual(cells('x = 1\n# %% a\ny'), ['(preamble)', 'a']);
    assert.deepEqual(cells('# c\rx\r# %% a\rx'), ['(preamble)', 'a']);
    assert.deepEqual(cells('!\n# %% a\ny'), ['(preamble)', 'a']);
  });

  it('counts a docstring above the first marker as code, whatever its lines start with', () => {
    assert.deepEqual(cells('"""Module doc\n# not a comment\n"""\n# %% a\nx = 1\n'), ['(preamble)', 'a']);
    assert.deepEqual(cells("   '''doc'''\n# %% a\n"), ['(preamble)', 'a']);
  });

  it('reads a line continuation above the first marker as Python does', () => {
    assert.deepEqual(cells('x = 1 + \\\n    2\n# %% a\ny'), ['(preamble)', 'a']);
    assert.deepEqual(cells('\\\nx\n# %% a\ny'), ['(preamble)', 'a']);
    // A lone backslash joins a blank or comment line: nothing to run.
    assert.deepEqual(cells('\\\n\n# %% a\ny'), ['a']);
    assert.deepEqual(cells('\\  \n# c\n# %% a\ny'), ['a']);
    // On the last line it is an error, reported in its cell.
    assert.deepEqual(cells('# c\n\\\n# %% a\ny'), ['(preamble)', 'a']);
    assert.deepEqual(cells('\\\n'), ['(preamble)']);
  });
});
