import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { firstView, READING_ZOOM, SMALLEST_OVERVIEW_ZOOM, SMALLEST_SUMMARY_ZOOM, type Box } from '../../webview/firstView';
import { FIT_MARGIN, fitView } from '../../webview/panzoom';

// The first-view rule as arithmetic; panel.test.ts checks it on real Graphviz drawings.

const PANEL = { width: 600, height: 400 };
/** Where a view puts a box of the graph, in panel pixels. */
function onScreen(box: Box, view: { zoom: number; x: number; y: number }): Box {
  return { left: view.x + box.left * view.zoom, right: view.x + box.right * view.zoom, top: view.y + box.top * view.zoom, bottom: view.y + box.bottom * view.zoom };
}

describe('first view', () => {
  test('a graph that fits at the overview zoom or more is shown whole', () => {
    const content = { width: 1216, height: 240 }; // the lecture's graph in VS Code's fonts
    const output = { left: 1000, top: 100, right: 1216, bottom: 140 };
    const view = firstView(PANEL, content, output, 'LR');
    assert.deepEqual(view, fitView(PANEL, content));
    assert.ok(view.zoom >= SMALLEST_OVERVIEW_ZOOM && view.zoom < 1);
    // Just at the threshold it is still an overview.
    const edge = { width: (PANEL.width - 2 * FIT_MARGIN) / SMALLEST_OVERVIEW_ZOOM, height: 100 };
    assert.equal(firstView(PANEL, edge, output, 'LR').zoom, SMALLEST_OVERVIEW_ZOOM);
  });

  test('a wider one shows its output readable, against the right edge, centred top to bottom', () => {
    const content = { width: 5353, height: 900 }; // micrograd's README graph, 4,015 pt
    const output = { left: 5100, top: 400, right: 5353, bottom: 440 };
    const view = firstView(PANEL, content, output, 'LR');
    assert.equal(view.zoom, READING_ZOOM);
    const shown = onScreen(output, view);
    assert.equal(shown.right, PANEL.width - FIT_MARGIN);
    assert.equal((shown.top + shown.bottom) / 2, PANEL.height / 2);
  });

  test('a summary is shown whole only where its group boxes can be read; else at its output', () => {
    const content = { width: 1400, height: 400 }; // fits 600 px at about 0.4: an overview of records, not of summary boxes
    const output = { left: 1200, top: 150, right: 1400, bottom: 190 };
    assert.deepEqual(firstView(PANEL, content, output, 'LR'), fitView(PANEL, content));
    const summary = firstView(PANEL, content, output, 'LR', true);
    assert.equal(summary.zoom, READING_ZOOM);
    assert.equal(onScreen(output, summary).right, PANEL.width - FIT_MARGIN);
    const small = { width: (PANEL.width - 2 * FIT_MARGIN) / SMALLEST_SUMMARY_ZOOM, height: 100 };
    assert.equal(firstView(PANEL, small, output, 'LR', true).zoom, SMALLEST_SUMMARY_ZOOM);
  });

  test('laid out top to bottom, the output sits against the bottom edge, centred across', () => {
    const content = { width: 300, height: 6000 };
    const output = { left: 40, top: 5950, right: 260, bottom: 6000 };
    const shown = onScreen(output, firstView(PANEL, content, output, 'TB'));
    assert.equal(shown.bottom, PANEL.height - FIT_MARGIN);
    assert.equal((shown.left + shown.right) / 2, PANEL.width / 2);
  });

  test('an output wider than the panel starts at the left edge, where its label is', () => {
    const narrow = { width: 200, height: 400 };
    const output = { left: 4800, top: 400, right: 5353, bottom: 440 };
    const shown = onScreen(output, firstView(narrow, { width: 5353, height: 900 }, output, 'LR'));
    assert.equal(shown.left, FIT_MARGIN);
  });

  test('without an output to show, a large graph is fitted anyway', () => {
    const content = { width: 5353, height: 900 };
    assert.deepEqual(firstView(PANEL, content, null, 'LR'), fitView(PANEL, content));
  });
});
