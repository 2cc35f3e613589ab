// Packages the test variant of the extension that has only the browser build: package.json
// without "main" and without the Node bundles. code-server runs an extension that has both
// entries in its Node extension host (it prefers the server side), so the web end-to-end
// test (test/e2e/web.test.ts) installs this one to run in the web-worker extension host,
// as VS Code for the Web would. Usage: node scripts/package-web-only.mjs OUT.vsix
// (after npm run build). The release .vsix is `npm run package`; this one is never shipped.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const out = path.resolve(process.argv[2] ?? 'gradlens-web.vsix');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

/** The Node build's files: what the variant leaves out. */
const nodeOnly = new Set([manifest.main, './dist/evalWorker.js'].map((f) => f.replace(/^\.\//, '')));
const files = manifest.files.filter((f) => !nodeOnly.has(f));
if (files.length !== manifest.files.length - nodeOnly.size) {
  throw new Error(`package.json "files" does not list the Node build as expected: ${[...nodeOnly].join(', ')}`);
}
delete manifest.main;
manifest.files = files;

// vsce packages the folder it runs in: a staging folder with the variant's manifest and
// exactly the files it lists, so nothing of the Node build can slip in.
const stage = mkdtempSync(path.join(tmpdir(), 'gradlens-web-only-'));
try {
  for (const f of files) cpSync(path.join(root, f), path.join(stage, f), { recursive: true });
  writeFileSync(path.join(stage, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
  const vsce = path.join(root, 'node_modules', '.bin', 'vsce');
  const args = ['package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '-o', out];
  const r = spawnSync(vsce, args, { cwd: stage, encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`vsce package failed (exit ${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
} finally {
  rmSync(stage, { recursive: true, force: true });
}
