// Makes `import ... from 'vscode'` load test/fakes/vscode.ts, for unit tests of the
// extension host's modules outside VS Code. Run tests with
//   node --import tsx --import ./test/fakes/vscode-loader.mjs --test ...
// Both module systems are covered: tsx may load src/extension as CommonJS or as ESM.
import Module, { register } from 'node:module';
import { fileURLToPath } from 'node:url';

const fake = new URL('./vscode.ts', import.meta.url);

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'vscode' ? fileURLToPath(fake) : resolveFilename.call(this, request, ...rest);
};

const hook = `export async function resolve(specifier, context, next) {
  return specifier === 'vscode' ? { url: ${JSON.stringify(fake.href)}, shortCircuit: true } : next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hook)}`);
