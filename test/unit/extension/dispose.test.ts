import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Disposable, disposeAll } from '../../../src/extension/dispose';

class Owner extends Disposable {
  own<T extends { dispose(): unknown }>(item: T): T {
    return this._register(item);
  }
  get gone(): boolean {
    return this.isDisposed;
  }
}

test('a Disposable disposes what it registered, once, in order', () => {
  const log: string[] = [];
  const owner = new Owner();
  owner.own({ dispose: () => log.push('a') });
  owner.own({ dispose: () => log.push('b') });
  assert.equal(owner.gone, false);
  owner.dispose();
  owner.dispose();
  assert.deepEqual(log, ['a', 'b']);
  assert.equal(owner.gone, true);
});

test('registering with a disposed owner disposes at once', () => {
  const owner = new Owner();
  owner.dispose();
  let disposed = false;
  owner.own({ dispose: () => (disposed = true) });
  assert.equal(disposed, true);
});

test('disposeAll disposes every item even when some throw, then throws', () => {
  const log: string[] = [];
  const boom = (name: string) => ({
    dispose: () => {
      log.push(name);
      throw new Error(name);
    },
  });
  assert.throws(() => disposeAll([boom('a'), { dispose: () => log.push('b') }]), /a/);
  assert.throws(() => disposeAll([boom('c'), boom('d')]), AggregateError);
  assert.deepEqual(log, ['a', 'b', 'c', 'd']);
});
