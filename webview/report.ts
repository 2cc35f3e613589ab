import { post } from './vscode';

// The page's own failures go to the host, which logs them: a webview's console is out
// of the user's sight.

export function reportError(e: unknown): void {
  const error = e instanceof Error ? e : new Error(String(e));
  post({ type: 'error', message: error.message, ...(error.stack ? { stack: error.stack } : {}) });
}

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
