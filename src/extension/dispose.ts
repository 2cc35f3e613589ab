// One way for the host's classes to own what they subscribe to, as VS Code's
// `lifecycle.ts` and the Markdown preview's `util/dispose.ts` do: a class registers each
// listener, command or child as it makes it, and disposing the class disposes them all,
// in the order they were registered. No `vscode` import: anything with dispose() will do.

export interface IDisposable {
  dispose(): unknown;
}

/** Disposes every item, even when one throws; then throws what was thrown. */
export function disposeAll(items: Iterable<IDisposable>): void {
  const errors: unknown[] = [];
  for (const item of items) {
    try {
      item.dispose();
    } catch (error) {
      errors.push(error);
    }
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors, 'Errors while disposing');
}

export abstract class Disposable implements IDisposable {
  private disposed = false;
  private readonly registered: IDisposable[] = [];

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    disposeAll(this.registered.splice(0));
  }

  /** Owns `item`: disposed with this object, or at once if this one is disposed already. */
  protected _register<T extends IDisposable>(item: T): T {
    if (this.disposed) item.dispose();
    else this.registered.push(item);
    return item;
  }

  protected get isDisposed(): boolean {
    return this.disposed;
  }
}
