import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  hostMessageProblem,
  isHostToWebviewMessage,
  isWireCellGraph,
  isWebviewState,
  isWebviewToHostMessage,
  type WebviewToHostMessage,
} from '../../src/shared/protocol';
import { createNonce, webviewCsp, webviewHtml } from '../../src/extension/preview/html';
import { lectureGraph, update } from './harness';

describe('protocol guards', () => {
  test('accept every well-formed message and reject near misses', () => {
    assert.ok(isHostToWebviewMessage(update()));
    assert.ok(isHostToWebviewMessage(update({ graph: null })));
    assert.ok(isHostToWebviewMessage({ type: 'highlight', ids: [1, 2] }));
    assert.ok(isHostToWebviewMessage({ type: 'error', uri: 'file:///x.grad', version: 3, messages: ['boom'] }));
    assert.ok(isHostToWebviewMessage(update({ kept: true })));
    assert.ok(!isHostToWebviewMessage({ ...update(), version: 1.5 }));
    assert.ok(!isHostToWebviewMessage({ ...update(), kept: undefined }));
    assert.ok(!isHostToWebviewMessage({ ...update(), settings: { precision: 4, rankdir: 'RL' } }));
    assert.ok(!isHostToWebviewMessage({ type: 'highlight', ids: ['1'] }));
    assert.ok(!isHostToWebviewMessage({ type: 'reveal', nodeId: 1 }));
    assert.ok(!isHostToWebviewMessage(null));

    const good: WebviewToHostMessage[] = [
      { type: 'ready' },
      { type: 'reveal', uri: 'file:///x.grad', version: 2, nodeId: 0 },
      { type: 'selectCell', index: 1 },
      { type: 'setRankdir', rankdir: 'TB' },
      { type: 'save', format: 'svg', content: '<svg/>', suggestedName: 'x.svg' },
      { type: 'copy', text: '<svg/>' },
      { type: 'error', message: 'oops', stack: 'at x' },
    ];
    for (const m of good) assert.ok(isWebviewToHostMessage(m), JSON.stringify(m));
    for (const m of [
      { type: 'reveal', uri: 'file:///x.grad', version: 2, nodeId: -1 },
      { type: 'selectCell', index: '1' },
      { type: 'save', format: 'png', content: '', suggestedName: 'x.png' },
      { type: 'copy' },
      { type: 'update' },
      'ready',
    ]) {
      assert.ok(!isWebviewToHostMessage(m), JSON.stringify(m));
    }
  });

  test('a graph must be closed: every input and the output are among its nodes', () => {
    const graph = lectureGraph();
    assert.ok(isWireCellGraph(graph));
    assert.ok(!isWireCellGraph({ ...graph, output: 99 }));
    assert.ok(!isWireCellGraph({ ...graph, nodes: graph.nodes.filter((n) => n.id !== 1) }));
  });

  test('data and grad are finite numbers or the wire spellings of NaN and the infinities', () => {
    const graph = lectureGraph();
    const withGrad = (grad: unknown) => ({ ...graph, nodes: graph.nodes.map((n, i) => (i === 1 ? { ...n, grad } : n)) });
    for (const grad of ['NaN', 'Infinity', '-Infinity', -0, 1e308]) assert.ok(isWireCellGraph(withGrad(grad)), String(grad));
    // A raw NaN never arrives over JSON (it would be null), so one here is a host that skipped the encoding.
    for (const grad of [NaN, Infinity, null, 'nan', '1.5']) assert.ok(!isWireCellGraph(withGrad(grad)), String(grad));
  });

  test('a rejected message says where it is wrong', () => {
    const graph = lectureGraph();
    const nulled = { ...graph, nodes: graph.nodes.map((n, i) => (i === 3 ? { ...n, data: null } : n)) };
    assert.equal(hostMessageProblem({ ...update(), graph: nulled }), 'update: graph.nodes[3].data is null');
    assert.equal(hostMessageProblem({ ...update(), version: 1.5 }), 'update: version is 1.5');
    assert.equal(hostMessageProblem({ ...update(), settings: undefined }), 'update: settings is missing');
    assert.equal(hostMessageProblem(update({ graph: { ...graph, output: 99 } })), 'update: graph.output 99 is not among the nodes');
    assert.equal(hostMessageProblem({ type: 'highlight', ids: [1, -2] }), 'highlight: ids is [1,-2]');
    assert.equal(hostMessageProblem({ type: 'reveal' }), `the message's type is "reveal"`);
    assert.equal(hostMessageProblem('update'), 'the message is "update", not an object');
    assert.equal(hostMessageProblem(update()), null);
  });

  test('state is checked before it is trusted', () => {
    const state = { uri: 'file:///x.grad', cell: 0, zoom: 0.5, pan: { x: 1, y: 2 }, rankdir: 'LR' };
    assert.ok(isWebviewState(state));
    assert.ok(!isWebviewState({ ...state, zoom: 0 }));
    assert.ok(!isWebviewState({ ...state, pan: { x: Infinity, y: 0 } }));
    assert.ok(!isWebviewState({ ...state, rankdir: undefined }));
  });
});

describe('webview HTML', () => {
  test('the policy allows scripts by nonce and WebAssembly, nothing inline, nothing remote', () => {
    const csp = webviewCsp('https://x.vscode-cdn.net', 'abc');
    assert.equal(
      csp,
      "default-src 'none'; img-src https://x.vscode-cdn.net data:; style-src https://x.vscode-cdn.net 'nonce-abc'; " +
        "font-src https://x.vscode-cdn.net; script-src 'nonce-abc' 'wasm-unsafe-eval'",
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
