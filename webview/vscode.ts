import type { WebviewApi } from 'vscode-webview';
import { isWebviewState, type WebviewState, type WebviewToHostMessage } from '../src/shared/protocol';

// The API VS Code injects into a webview (typed by @types/vscode-webview). It may be
// acquired only once per page, so this module acquires it and everything else imports
// from here.

const api: WebviewApi<WebviewState> = acquireVsCodeApi<WebviewState>();

export function post(message: WebviewToHostMessage): void {
  api.postMessage(message);
}

/**
 * The state VS Code kept for this webview, else the one the host wrote into the page
 * (a panel revived by the serializer), else undefined. Anything malformed is ignored
 * rather than trusted: state outlives the code that wrote it.
 */
export function restoredState(): WebviewState | undefined {
  // Typed as WebviewState, but checked all the same: another version may have written it.
  const kept: unknown = api.getState();
  if (isWebviewState(kept)) return kept;
  const raw = document.getElementById('gradlens-config')?.getAttribute('data-state');
  if (raw) {
    try {
      const parsed: unknown = JSON.parse(raw);
      if (isWebviewState(parsed)) return parsed;
    } catch {
      // A broken attribute means no state, the same as none at all.
    }
  }
  return undefined;
}

export function saveState(state: WebviewState): void {
  api.setState(state);
}
