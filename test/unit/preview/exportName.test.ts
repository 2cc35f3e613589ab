import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { exportFileName } from '../../../src/extension/preview/exportName';

describe('exportFileName', () => {
  test("keeps the webview's proposal when it is a plain name of the right kind", () => {
    assert.equal(exportFileName('lecture-cell-1.svg', 'svg'), 'lecture-cell-1.svg');
    assert.equal(exportFileName('lecture-cell-1.dot', 'dot'), 'lecture-cell-1.dot');
  });

  test('adds the extension of the format when it is missing or another', () => {
    assert.equal(exportFileName('lecture', 'dot'), 'lecture.dot');
    assert.equal(exportFileName('lecture.svg', 'dot'), 'lecture.svg.dot');
    assert.equal(exportFileName('LECTURE.SVG', 'svg'), 'LECTURE.svg');
  });

  test('never yields a path: folders are dropped, reserved characters replaced', () => {
    assert.equal(exportFileName('../../etc/passwd', 'svg'), 'passwd.svg');
    assert.equal(exportFileName('..\\..\\x.svg', 'svg'), 'x.svg');
    assert.equal(exportFileName('a:b*c?"<d>|e\u0000.svg', 'svg'), 'a_b_c_d_e_.svg');
  });

  test('an empty or dots-only proposal falls back to "graph"', () => {
    assert.equal(exportFileName('', 'svg'), 'graph.svg');
    assert.equal(exportFileName('..', 'dot'), 'graph.dot');
    assert.equal(exportFileName('  .svg', 'svg'), 'graph.svg');
    assert.equal(exportFileName('dir/', 'svg'), 'graph.svg');
  });
});
