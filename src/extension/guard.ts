import * as vscode from 'vscode';

// One wrapper for everything VS Code calls into: providers, commands, event listeners.
// A bug in one feature (an exception from its content function, say) must not take the
// others down with it, nor reach VS Code as an unhandled error. The wrapper catches it,
// logs it with its stack to the GradLens output channel, tells the user once per feature
// per session (a warning with "Show Log"), and answers with the feature's empty result.

/** The part of vscode.LogOutputChannel the guard writes to. */
export interface FailureLog {
  error(message: string): void;
  show(preserveFocus?: boolean): void;
}

/**
 * Wraps `fn` under `name` (the feature, as the user knows it: "hover", "Check
 * gradients"). The wrapper returns what `fn` returns, or `fallback` when it throws or its
 * promise rejects.
 */
export type Guard = <A extends unknown[], R>(name: string, fn: (...args: A) => R, fallback: Awaited<R>) => (...args: A) => R | Promise<Awaited<R>>;

/** For callers that get no guard (unit tests of one feature): calls through unchanged. */
export const unguarded: Guard = (_name, fn) => fn;

export function createGuard(log: FailureLog): Guard {
  const reported = new Set<string>();
  const fail = (name: string, error: unknown): void => {
    const detail = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
    log.error(`${name} failed: ${detail}`);
    if (reported.has(name)) return;
    reported.add(name);
    void Promise.resolve(
      vscode.window.showWarningMessage(`GradLens: ${name} failed and was skipped; the other features keep working.`, 'Show Log'),
    ).then((choice) => {
      if (choice === 'Show Log') log.show(true);
    }, () => {});
  };
  return <A extends unknown[], R>(name: string, fn: (...args: A) => R, fallback: Awaited<R>) =>
    (...args: A): R | Promise<Awaited<R>> => {
      let result: R;
      try {
        result = fn(...args);
      } catch (error) {
        fail(name, error);
        return fallback;
      }
      if (isThenable(result)) {
        return Promise.resolve(result as PromiseLike<Awaited<R>>).catch((error: unknown) => {
          fail(name, error);
          return fallback;
        });
      }
      return result;
    };
}

function isThenable(x: unknown): x is PromiseLike<unknown> {
  return typeof x === 'object' && x !== null && typeof (x as { then?: unknown }).then === 'function';
}
