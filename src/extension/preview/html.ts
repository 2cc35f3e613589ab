import type { WebviewState } from '../../shared/protocol';

// The graph panel's HTML. The host and the browser tests both build the page with this
// function, so the tests run the exact markup and content security policy a user gets.
// It lives with the host, not in webview/: the host writes this page into the panel
// (panel.ts), and the page's script never builds its own HTML; it needs no DOM, and the
// webview project needs no copy of the CSP it runs under.
// No `vscode` import: the host passes `webview.cspSource` and `asWebviewUri(...)` as strings.

export interface WebviewHtmlOptions {
  /** `webview.asWebviewUri(dist/webview.js)` as a string. */
  scriptUri: string;
  /** `webview.asWebviewUri(dist/webview.css)` as a string. */
  styleUri: string;
  /** `webview.cspSource`. */
  cspSource: string;
  /** A fresh random value per page load; see `createNonce`. */
  nonce: string;
  /** State to start from when the host has it (a deserialized panel) before the webview does. */
  state?: WebviewState;
}

/**
 * The policy: nothing by default; scripts only by nonce, plus WebAssembly compilation
 * for Graphviz; workers only from blob: URLs (the layout worker, see webview/layout.ts);
 * styles and fonts only from the extension. Styles need no
 * 'unsafe-inline': the toolkit's components style themselves through constructable
 * stylesheets and the CSSOM, which style-src does not govern. The one <style> element
 * the toolkit makes (FAST probing for :focus-visible) carries the nonce it reads from
 * the `csp-nonce` meta tag, hence the nonce in style-src.
 */
export function webviewCsp(cspSource: string, nonce: string): string {
  return [
    `default-src 'none'`,
    `img-src ${cspSource} data:`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}' 'wasm-unsafe-eval'`,
    // The layout worker starts from a Blob URL (webview/layout.ts); nothing else may start one.
    `worker-src blob:`,
  ].join('; ');
}

export function webviewHtml(options: WebviewHtmlOptions): string {
  const { scriptUri, styleUri, cspSource, nonce, state } = options;
  const stateAttr = state === undefined ? '' : ` data-state="${escapeAttr(JSON.stringify(state))}"`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(webviewCsp(cspSource, nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta property="csp-nonce" content="${escapeAttr(nonce)}">
<meta id="gradlens-config"${stateAttr}>
<link rel="stylesheet" href="${escapeAttr(styleUri)}">
<title>GradLens Graph</title>
</head>
<body data-view="waiting">
<div id="toolbar" class="toolbar" role="toolbar" aria-label="Graph"></div>
<main id="main" class="main">
<div id="graph-area" class="graph-area">
<div id="layout-progress" class="layout-progress" role="progressbar" aria-label="Laying the graph out" hidden></div>
<div id="viewport" class="viewport" tabindex="0" aria-label="Computational graph">
<div id="stage" class="stage"></div>
</div>
<div id="notes" class="notes"><p id="summary-note" class="note" hidden></p><p id="stale-note" class="note stale-note" hidden>updating…</p></div>
<div id="empty" class="empty" hidden></div>
<div id="banner" class="banner" role="alert" hidden></div>
</div>
<section id="step-card" class="step-card" hidden></section>
<section id="charts" class="charts" aria-label="Charts" hidden></section>
</main>
<script nonce="${escapeAttr(nonce)}" src="${escapeAttr(scriptUri)}"></script>
</body>
</html>
`;
}

/** A nonce of 128 random bits, base64url (no characters that need escaping in the policy). */
export function createNonce(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function escapeAttr(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
