import { isWebviewState, type WebviewState, type WebviewToHostMessage } from '../shared/protocol';

// The typed face of the API VS Code injects into a webview. It may be acquired only
// once per page, so this module acquires it and everything else imports from here.

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();

export function post(message: WebviewToHostMessage): void {
  api.postMessage(message);
}

/**
 * The state VS Code kept for this webview, else the one the host wrote into the page
 * (a panel revived by the serializer), else undefined. Anything malformed is ignored
 * rather than trusted: state outlives the code that wrote it.
 */
export function restoredState(): WebviewState | undefined {
  const kept = api.getState();
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
