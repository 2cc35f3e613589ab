import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  hostMessageProblem,
  isHostToWebviewMessage,
  isWebviewState,
  isWebviewToHostMessage,
  type WebviewToHostMessage,
} from '../../src/shared/protocol';
import { createNonce, webviewCsp, webviewHtml } from '../../src/extension/preview/html';
import { update } from './harness';

describe('protocol guards', () => {
  test('accept every well-formed message and reject near misses', () => {
    assert.ok(isHostToWebviewMessage(update()));
    assert.ok(isHostToWebviewMessage(update({ graph: null })));
    assert.ok(isHostToWebviewMessage({ type: 'highlight', ids: [1, 2] }));
    assert.ok(isHostToWebviewMessage({ type: 'error', uri: 'file:///x.grad', version: 3, messages: ['boom'] }));
    assert.ok(isHostToWebviewMessage(update({ kept: true })));
    assert.ok(!isHostToWebviewMessage({ ...update(), version: 1.5 }));
    assert.ok(!isHostToWebviewMessage({ ...update(), kept: undefined }));
    assert.ok(!isHostToWebviewMessage({ ...update(), settings: { precision: 4, rankdir: 'RL', summaryBudget: 300 } }));
    assert.ok(!isHostToWebviewMessage({ ...update(), settings: { precision: 4, rankdir: 'LR' } }));
    assert.ok(isHostToWebviewMessage({ type: 'stale', uri: 'file:///x.grad', version: 4 }));
    const series = { label: 'loss', range: { start: 1, end: 5 }, loop: { start: 0, end: 9 }, values: [1, null, 0.5], steps: [0, 1, 2] };
    assert.ok(isHostToWebviewMessage({ type: 'progress', uri: 'file:///x.grad', version: 4, cell: 1, step: 3, total: null, series: [series] }));
    assert.ok(!isHostToWebviewMessage({ type: 'progress', uri: 'file:///x.grad', version: 4, cell: 1, step: -3, total: null, series: [] }));
    assert.ok(!isHostToWebviewMessage({ type: 'progress', uri: 'file:///x.grad', version: 4, cell: 1, step: 3, total: null, series: [{ ...series, values: ['1'] }] }));
    const boundary = {
      kind: 'boundary', title: 'moons', range: { start: 0, end: 1 }, xs: [0, 1], ys: [1, 0], classes: [-1, 1],
      grid: { xMin: -1, xMax: 1, yMin: -1, yMax: 1, columns: 2, rows: 2, values: [0.5, -0.5, null, 1] },
    };
    assert.ok(isHostToWebviewMessage(update({ series: [series as never], plots: [boundary as never], parameters: { label: 'p', range: { start: 0, end: 1 }, data: [1, 2], grad: [0, null] } as never })));
    assert.ok(!isHostToWebviewMessage(update({ plots: [{ ...boundary, grid: { ...boundary.grid, rows: 3 } } as never] })));
    assert.ok(!isHostToWebviewMessage(update({ parameters: { label: 'p', range: { start: 0, end: 1 }, data: [1, 2], grad: [0] } })));
    assert.ok(!isHostToWebviewMessage({ type: 'highlight', ids: ['1'] }));
    assert.ok(!isHostToWebviewMessage({ type: 'reveal', nodeId: 1 }));
    assert.ok(!isHostToWebviewMessage(null));
    assert.ok(isHostToWebviewMessage({ type: 'stepThrough', mode: 'backward' }));
    assert.ok(isHostToWebviewMessage({ type: 'stepThrough', mode: 'forward' }));
    assert.ok(!isHostToWebviewMessage({ type: 'stepThrough', mode: 'sideways' }));
    assert.ok(isHostToWebviewMessage(update({ settings: { precision: 4, rankdir: 'LR', summaryBudget: 300, edgeDerivatives: true } })));
    assert.ok(!isHostToWebviewMessage({ ...update(), settings: { precision: 4, rankdir: 'LR', summaryBudget: 300, edgeDerivatives: 'yes' } }));

    const good: WebviewToHostMessage[] = [
      { type: 'ready' },
      { type: 'reveal', uri: 'file:///x.grad', version: 2, nodeId: 0 },
      { type: 'selectCell', index: 1 },
      { type: 'setRankdir', rankdir: 'TB' },
      { type: 'save', format: 'svg', content: '<svg/>', suggestedName: 'x.svg' },
      { type: 'save', format: 'png', content: 'iVBORw0KGgo=', suggestedName: 'loss.png' },
      { type: 'copy', text: '<svg/>' },
      { type: 'error', message: 'oops', stack: 'at x' },
      { type: 'stepAt', uri: 'file:///x.grad', version: 2, nodeId: 3 },
      { type: 'stepAt', uri: 'file:///x.grad', version: 2, nodeId: null },
    ];
    for (const m of good) assert.ok(isWebviewToHostMessage(m), JSON.stringify(m));
    for (const m of [
      { type: 'reveal', uri: 'file:///x.grad', version: 2, nodeId: -1 },
      { type: 'stepAt', uri: 'file:///x.grad', version: 2, nodeId: 0.5 },
      { type: 'stepAt', uri: 'file:///x.grad', version: 2 },
      { type: 'stepAt', uri: 'x'.repeat(5000), version: 2, nodeId: 1 },
      { type: 'selectCell', index: '1' },
      { type: 'save', format: 'jpeg', content: '', suggestedName: 'x.jpeg' },
      { type: 'copy' },
      { type: 'update' },
      'ready',
    ]) {
      assert.ok(!isWebviewToHostMessage(m), JSON.stringify(m));
    }
  });

  test('columns are checked: typed arrays of the right type and length, every row index in range', () => {
    const good = update();
    const columns = good.columns!;
    assert.equal(hostMessageProblem(good), null);
    const withColumns = (patch: Record<string, unknown>) => ({ ...good, columns: { ...columns, ...patch } });
    assert.equal(hostMessageProblem(withColumns({ data: Array.from(columns.data) })), 'update: columns.data is [2,-3,10,-6,4,-2,-8], not a Float64Array');
    assert.equal(hostMessageProblem(withColumns({ grad: new Float64Array(3) })), 'update: columns.grad has 3 items, not 7');
    assert.equal(hostMessageProblem(withColumns({ kind: new Int32Array(7) })), 'update: columns.kind is Int32Array(7), not a Uint8Array');
    assert.equal(hostMessageProblem(withColumns({ output: 7 })), 'update: columns.output is 7');
    // An input after its row (or outside the graph) would make the summary loop or read garbage.
    const input0 = columns.input0.slice();
    input0[3] = 5;
    assert.equal(hostMessageProblem(withColumns({ input0 })), 'update: columns.input0[3] is 5, out of range');
    const op = columns.op.slice();
    op[6] = 9;
    assert.equal(hostMessageProblem(withColumns({ op })), 'update: columns.op[6] is 9, out of range');
    const scope = columns.scope.slice();
    scope[0] = 1;
    assert.equal(hostMessageProblem(withColumns({ scope })), 'update: columns.scope[0] is 1, out of range');
    // NaN is a number a Float64Array keeps: no encoding needed.
    const data = columns.data.slice();
    data[3] = NaN;
    assert.equal(hostMessageProblem(withColumns({ data })), null);
  });

  test('a rejected message says where it is wrong', () => {
    assert.equal(hostMessageProblem({ ...update(), version: 1.5 }), 'update: version is 1.5');
    assert.equal(hostMessageProblem({ ...update(), settings: undefined }), 'update: settings is missing');
    assert.equal(hostMessageProblem({ type: 'highlight', ids: [1, -2] }), 'highlight: ids is [1,-2]');
    assert.equal(hostMessageProblem({ type: 'reveal' }), `the message's type is "reveal"`);
    assert.equal(hostMessageProblem('update'), 'the message is "update", not an object');
    assert.equal(hostMessageProblem(update()), null);
  });

  test('state is checked before it is trusted', () => {
    const state = { uri: 'file:///x.grad', cell: 0, zoom: 0.5, pan: { x: 1, y: 2 }, rankdir: 'LR' };
    assert.ok(isWebviewState(state));
    assert.ok(isWebviewState({ ...state, expanded: ['a/b'], collapsed: [], view: 'neighbourhood' }));
    assert.ok(!isWebviewState({ ...state, expanded: [1] }));
    assert.ok(!isWebviewState({ ...state, view: 'tree' }));
    assert.ok(!isWebviewState({ ...state, zoom: 0 }));
    assert.ok(!isWebviewState({ ...state, pan: { x: Infinity, y: 0 } }));
    assert.ok(!isWebviewState({ ...state, rankdir: undefined }));
    assert.ok(isWebviewState({ ...state, edgeDerivatives: true, step: { mode: 'backward', index: 13, compare: true } }));
    assert.ok(!isWebviewState({ ...state, step: { mode: 'backward', index: -1, compare: false } }));
    assert.ok(!isWebviewState({ ...state, step: { mode: 'up', index: 0, compare: false } }));
    assert.ok(!isWebviewState({ ...state, edgeDerivatives: 1 }));
  });
});

describe('webview HTML', () => {
  test('the policy allows scripts by nonce and WebAssembly, workers from blob: only, nothing inline, nothing remote', () => {
    const csp = webviewCsp('https://x.vscode-cdn.net', 'abc');
    assert.equal(
      csp,
      "default-src 'none'; img-src https://x.vscode-cdn.net data:; style-src https://x.vscode-cdn.net 'nonce-abc'; " +
        "font-src https://x.vscode-cdn.net; script-src 'nonce-abc' 'wasm-unsafe-eval'; worker-src blob:",
    );
    assert.doesNotMatch(csp, /'unsafe-inline'|'unsafe-eval'/);
  });

  test('every value is escaped into the page, state included', () => {
    const html = webviewHtml({
      scriptUri: 'https://x/webview.js?a=1&b="2"',
      styleUri: 'https://x/webview.css',
      cspSource: 'https://x',
      nonce: 'n0nce',
      state: { uri: 'file:///"><script>alert(1)</script>.grad', cell: 2, zoom: 1, pan: { x: 0, y: 0 }, rankdir: 'TB' },
    });
    assert.doesNotMatch(html, /<script>alert/);
    assert.match(html, /src="https:\/\/x\/webview\.js\?a=1&#38;b=&#34;2&#34;"/);
    assert.equal((html.match(/<script /g) ?? []).length, 1);
    assert.match(html, /<script nonce="n0nce" /);
    assert.match(html, /<meta property="csp-nonce" content="n0nce">/);
  });

  test('nonces are fresh, long and policy-safe', () => {
    const a = createNonce();
    const b = createNonce();
    assert.notEqual(a, b);
    assert.match(a, /^[A-Za-z0-9_-]{22}$/);
  });
});
