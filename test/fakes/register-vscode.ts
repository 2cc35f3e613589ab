// Imported first by tests of src/extension modules: makes their `require('vscode')`
// load test/fakes/vscode.ts, so they run under plain `node --import tsx --test`.
// Tests here are CommonJS (package.json has no "type": "module"), so requires run in
// import order and this patch is in place before any module asks for 'vscode'.
import Module from 'node:module';
import * as path from 'node:path';

const fake = path.join(__dirname, 'vscode.ts');
const patched = Module as unknown as { _resolveFilename(request: string, ...rest: unknown[]): string };
const resolveFilename = patched._resolveFilename;
patched._resolveFilename = function (this: unknown, request: string, ...rest: unknown[]): string {
  return request === 'vscode' ? fake : resolveFilename.call(this, request, ...rest);
};
