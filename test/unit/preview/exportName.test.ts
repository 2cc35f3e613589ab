import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { exportBytes, exportFileName } from '../../../src/extension/preview/exportName';

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

describe('exportBytes', () => {
  test("a PNG's base64 becomes its bytes; SVG and DOT are written as UTF-8 text", () => {
    const png = exportBytes({ type: 'save', format: 'png', content: 'iVBORw0KGgo=', suggestedName: 'loss.png' });
    assert.deepEqual(Array.from(png), [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const svg = exportBytes({ type: 'save', format: 'svg', content: '<svg>∇</svg>', suggestedName: 'x.svg' });
    assert.equal(new TextDecoder().decode(svg), '<svg>∇</svg>');
    assert.equal(exportFileName('loss', 'png'), 'loss.png');
  });

  test('malformed base64 is refused rather than written', () => {
    assert.throws(() => exportBytes({ type: 'save', format: 'png', content: '!!not base64!!', suggestedName: 'x.png' }));
  });
});
