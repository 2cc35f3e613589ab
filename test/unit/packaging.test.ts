import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { inflateRawSync } from 'node:zlib';

// The .vsix holds exactly the files GradLens needs at run time, whatever else lies in the
// repository. `files` in package.json is an allow-list naming each shipped file; this
// packages the extension the way `npm run package` does (same vsce flags, into a temporary
// folder) with stray files written where a user's `render -o neuron.svg` or a scratch file
// would land, and reads the .vsix's central directory. `npm test` builds dist/ first.

const ROOT = resolve(__dirname, '..', '..');
const VSCE = join(ROOT, 'node_modules', '.bin', 'vsce');
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

/** Every entry of the .vsix: vsce's two manifests, and the extension under extension/. */
const EXPECTED = [
  '[Content_Types].xml',
  'extension.vsixmanifest',
  'extension/package.json',
  // The extension host's bundle, the evaluation worker it starts from dist/, and the
  // graph panel's page (the only things the webview loads: panel.ts).
  'extension/dist/extension.js',
  'extension/dist/evalWorker.js',
  // The browser build (package.json "browser"): VS Code for the Web runs it in a Web Worker.
  'extension/dist/web/extension.js',
  'extension/dist/web/evalWorker.js',
  'extension/dist/webview.js',
  'extension/dist/webview.css',
  'extension/media/icon.png',
  'extension/media/grad-file.svg',
  'extension/syntaxes/grad.tmLanguage.json',
  'extension/language-configuration.json',
  // The README's screenshots, shown on the extension's page in VS Code.
  'extension/docs/images/vscode-light.png',
  'extension/docs/images/vscode-dark.png',
  'extension/docs/images/vscode-moons.png',
  'extension/docs/images/vscode-step.png',
  // vsce renames these three.
  'extension/readme.md',
  'extension/changelog.md',
  'extension/LICENSE.txt',
  'extension/THIRD_PARTY_NOTICES.md',
].sort();

/** Files that must never ship, written for the duration of the packaging. */
const STRAYS = ['neuron.svg', 'scratch.grad', 'dist/scratch.js', 'media/stray.svg', 'docs/images/stray.png'];

interface Entry {
  name: string;
  size: number;
  /** Where its local header starts, how it is stored (0 stored, 8 deflated) and its stored length. */
  offset: number;
  method: number;
  compressedSize: number;
}

/** The entries of a zip file, from its central directory (no zip64: a .vsix is small). */
function zipEntries(file: string): Entry[] {
  const zip = readFileSync(file);
  // The end-of-central-directory record: 22 bytes plus a comment of up to 64 KiB.
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  assert.ok(eocd >= 0, `${file} is not a zip file`);
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const entries: Entry[] = [];
  for (let n = 0; n < count; n++) {
    assert.equal(zip.readUInt32LE(at), 0x02014b50, `bad central directory entry ${n} in ${file}`);
    const size = zip.readUInt32LE(at + 24);
    const method = zip.readUInt16LE(at + 10);
    const compressedSize = zip.readUInt32LE(at + 20);
    const offset = zip.readUInt32LE(at + 42);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    entries.push({ name: zip.toString('utf8', at + 46, at + 46 + nameLength), size, offset, method, compressedSize });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** One entry's contents, read through its local header. */
function readEntry(file: string, entry: Entry): Buffer {
  const zip = readFileSync(file);
  assert.equal(zip.readUInt32LE(entry.offset), 0x04034b50, `bad local header for ${entry.name}`);
  const start = entry.offset + 30 + zip.readUInt16LE(entry.offset + 26) + zip.readUInt16LE(entry.offset + 28);
  const stored = zip.subarray(start, start + entry.compressedSize);
  return entry.method === 8 ? inflateRawSync(stored) : stored;
}

/** The vsce arguments of `npm run package`, writing to `out` instead of gradlens.vsix. */
function packageArgs(out: string): string[] {
  const script: string = manifest.scripts.package;
  const command = script.split('&&').map((s) => s.trim()).find((s) => s.startsWith('vsce '));
  assert.ok(command, `no vsce command in the package script: ${script}`);
  const args = command.split(/\s+/).slice(1);
  const o = args.indexOf('-o');
  assert.ok(o >= 0, `the package script names no -o: ${script}`);
  args[o + 1] = out;
  return args;
}

let dir = '';
let vsix = '';
let entries: Entry[] = [];
let webVsix = '';
let webEntries: Entry[] = [];

before(() => {
  for (const f of ['extension.js', 'evalWorker.js', 'web/extension.js', 'web/evalWorker.js', 'webview.js', 'webview.css']) {
    assert.ok(existsSync(join(ROOT, 'dist', f)), `dist/${f} is missing: run npm run build first`);
  }
  dir = mkdtempSync(join(tmpdir(), 'gradlens-packaging-'));
  vsix = join(dir, 'gradlens.vsix');
  webVsix = join(dir, 'gradlens-web.vsix');
  const created: string[] = [];
  try {
    for (const stray of STRAYS) {
      try {
        // 'wx': a file of the user's own by that name is left alone, and not removed after.
        writeFileSync(join(ROOT, stray), 'stray\n', { flag: 'wx' });
        created.push(stray);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
    }
    const r = spawnSync(VSCE, packageArgs(vsix), { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 0, `vsce package failed (exit ${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
  } finally {
    for (const stray of created) rmSync(join(ROOT, stray), { force: true });
  }
  entries = zipEntries(vsix);
  // The test variant with only the browser build (the web end-to-end test installs it).
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'package-web-only.mjs'), webVsix], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, `packaging the web-only variant failed (exit ${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
  webEntries = zipEntries(webVsix);
});

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('the .vsix holds exactly the files the extension needs, and no stray file', () => {
  assert.deepEqual(entries.map((e) => e.name).sort(), EXPECTED);
});

test('no source, source map, test, CLI or bench bundle ships', () => {
  const shipped = entries.map((e) => e.name);
  for (const name of shipped) {
    assert.doesNotMatch(name, /\.map$|\.ts$|^extension\/(src|webview|test|bench|scripts|examples|node_modules)\//, name);
    assert.doesNotMatch(name, /dist\/(cli|bench|benchPanel)\.js$/, name);
  }
});

test('every file package.json and the README refer to is in the .vsix', () => {
  const shipped = new Set(entries.map((e) => e.name));
  const strip = (p: string): string => p.replace(/^\.\//, '');
  const referenced = [manifest.main, manifest.browser, manifest.icon];
  for (const language of manifest.contributes.languages ?? []) {
    if (language.configuration) referenced.push(language.configuration);
    if (language.icon) referenced.push(language.icon.light, language.icon.dark);
  }
  for (const grammar of manifest.contributes.grammars ?? []) referenced.push(grammar.path);
  // Relative images: VS Code shows them on the extension's page from the installed folder.
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)/g)].map((m) => m[1]).filter((u) => !/^[a-z]+:/i.test(u));
  assert.ok(images.length > 0, 'the README has no relative image: is the pattern still right?');
  referenced.push(...images);
  for (const path of referenced) {
    assert.ok(shipped.has(`extension/${strip(path)}`), `${path} is referenced but not packaged: add it to "files" in package.json`);
  }
});

test('each shipped file is the one in the repository, and the package stays small', () => {
  for (const e of entries) {
    if (!e.name.startsWith('extension/') || /^extension\/(package\.json|readme\.md|changelog\.md|LICENSE\.txt)$/.test(e.name)) continue;
    assert.equal(e.size, statSync(join(ROOT, e.name.slice('extension/'.length))).size, e.name);
  }
  const size = statSync(vsix).size;
  assert.ok(size < 3 * 1024 * 1024, `the .vsix is ${(size / 1024 / 1024).toFixed(2)} MB, over 3 MB`);
});

test('the web-only variant has the browser build and no Node build, and its manifest has no "main"', () => {
  const nodeBuild = ['extension/dist/extension.js', 'extension/dist/evalWorker.js'];
  assert.deepEqual(webEntries.map((e) => e.name).sort(), EXPECTED.filter((e) => !nodeBuild.includes(e)));
  const read = (file: string, list: Entry[]) => JSON.parse(readEntry(file, list.find((e) => e.name === 'extension/package.json')!).toString('utf8'));
  const web = read(webVsix, webEntries);
  const release = read(vsix, entries);
  // A manifest with "main" would run in code-server's Node host: the test would not test the browser build.
  assert.equal(web.main, undefined);
  assert.equal(web.browser, manifest.browser);
  assert.equal(release.main, manifest.main);
  assert.equal(release.browser, manifest.browser);
  // Apart from the entry and the file list, the same extension: same id, contributions, activation.
  const { main: _main, files: _files, ...rest } = release;
  const { files: _webFiles, ...webRest } = web;
  assert.deepEqual(webRest, rest);
  // The release's files shipped unchanged in the variant.
  for (const e of webEntries) {
    if (e.name.startsWith('extension/dist/')) assert.equal(e.size, statSync(join(ROOT, e.name.slice('extension/'.length))).size, e.name);
  }
});
