#!/usr/bin/env node
// `npm start`: GradLens in a real VS Code in the browser, in one command. Builds and
// packages the extension, makes sure the cached code-server is installed
// (scripts/e2e-setup.sh), installs the .vsix into that code-server's own user folder,
// opens examples/ on a loopback port and prints the address. Ctrl+C stops the server.
//
//   GRADLENS_PORT        port to listen on (default: 8080, or a free one if taken)
//   GRADLENS_E2E_CACHE   the code-server cache (default: ~/.cache/gradlens-e2e)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cache = process.env.GRADLENS_E2E_CACHE ?? path.join(os.homedir(), '.cache', 'gradlens-e2e');
const codeServer = path.join(cache, 'node_modules', '.bin', 'code-server');
const userDataDir = path.join(cache, 'user-data');
const extensionsDir = path.join(cache, 'extensions');
const folder = path.join(root, 'examples');
const vsix = path.join(root, 'gradlens.vsix');

function run(command, args, what) {
  const r = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`npm start: ${what} failed (exit ${r.status ?? r.signal}).`);
    process.exit(1);
  }
}

function portFree(port) {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

async function choosePort() {
  const wanted = Number(process.env.GRADLENS_PORT ?? 8080);
  if (await portFree(wanted)) return wanted;
  if (process.env.GRADLENS_PORT) {
    console.error(`npm start: port ${wanted} (GRADLENS_PORT) is in use.`);
    process.exit(1);
  }
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

run('bash', [path.join(root, 'scripts', 'e2e-setup.sh')], 'installing code-server (scripts/e2e-setup.sh)');
run('npm', ['run', '--silent', 'package'], 'building and packaging the extension (npm run package)');

// The cache's own XDG folders: code-server writes config and state there even with
// --user-data-dir, and the developer's own ~/.config/code-server stays untouched.
const env = {
  ...process.env,
  XDG_CONFIG_HOME: path.join(cache, 'xdg-config'),
  XDG_DATA_HOME: path.join(cache, 'xdg-data'),
};
const common = ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--disable-telemetry', '--disable-update-check'];

const settingsFile = path.join(userDataDir, 'User', 'settings.json');
if (!existsSync(settingsFile)) {
  // Only the first time: later the settings are the user's own.
  mkdirSync(path.dirname(settingsFile), { recursive: true });
  writeFileSync(
    settingsFile,
    JSON.stringify(
      {
        'security.workspace.trust.enabled': false,
        'workbench.startupEditor': 'none',
        'telemetry.telemetryLevel': 'off',
        // examples/ sits in this repository; the offer to open it is noise in a try-out.
        'git.openRepositoryInParentFolders': 'never',
      },
      null,
      2,
    ) + '\n',
  );
}

const install = spawnSync(codeServer, [...common, '--install-extension', vsix, '--force'], { env, encoding: 'utf8' });
if (install.status !== 0) {
  console.error(`npm start: installing ${vsix} into code-server failed:\n${install.stdout}${install.stderr}`);
  process.exit(1);
}

const port = await choosePort();
const child = spawn(codeServer, [...common, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, folder], {
  env,
  // Its own process group, so Ctrl+C here stops the extension host and its helpers too.
  detached: true,
  stdio: ['ignore', 'pipe', 'pipe'],
});
let log = '';
child.stdout.on('data', (b) => (log += b));
child.stderr.on('data', (b) => (log += b));

let stopping = false;
function stop(code) {
  if (stopping) return;
  stopping = true;
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    // Already gone.
  }
  setTimeout(() => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Gone.
    }
    process.exit(code);
  }, 3000).unref();
  child.once('exit', () => process.exit(code));
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
child.once('exit', (code, signal) => {
  if (stopping) return;
  console.error(`npm start: code-server stopped (${code ?? signal}):\n${log.slice(-4000)}`);
  process.exit(1);
});

const url = `http://127.0.0.1:${port}`;
const deadline = Date.now() + 60_000;
for (;;) {
  try {
    if ((await fetch(`${url}/healthz`)).ok) break;
  } catch {
    // Not listening yet.
  }
  if (Date.now() > deadline) {
    console.error(`npm start: code-server did not answer on ${url} within 60 s:\n${log.slice(-4000)}`);
    stop(1);
  }
  await new Promise((r) => setTimeout(r, 200));
}

console.log(`
GradLens is running in VS Code (code-server ${spawnSync(codeServer, ['--version'], { encoding: 'utf8' }).stdout.split(' ')[0]}).

  Open ${url}/?folder=${encodeURIComponent(folder)}

Open 01-expression.grad and press Ctrl+K G (or the preview button in the editor's
title bar) for the graph. Edits change the files in examples/ (git restore undoes them).
Ctrl+C stops the server.
`);
