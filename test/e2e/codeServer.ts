import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';

// A real VS Code for the tests: code-server from the cache that scripts/e2e-setup.sh
// fills, run on its own loopback port with its own user, extensions and config folders,
// so runs never share state with each other or with the developer's own code-server.

export const root = path.resolve(__dirname, '../..');
export const CODE_SERVER_VERSION = '4.100.3';
export const cacheDir = process.env.GRADLENS_E2E_CACHE ?? path.join(os.homedir(), '.cache', 'gradlens-e2e');
export const codeServerBin = path.join(cacheDir, 'node_modules', '.bin', 'code-server');
export const chromiumPath = process.env.GRADLENS_CHROMIUM ?? '/usr/bin/chromium';
export const vsixPath = path.join(root, 'gradlens.vsix');
/** The test variant with only the browser build (scripts/package-web-only.mjs), for the web-worker host. */
export const webVsixPath = path.join(root, 'gradlens-web.vsix');

/** Throws with what to run when the toolchain is missing, rather than failing obscurely later. */
export function requireToolchain(): void {
  const missing: string[] = [];
  if (!existsSync(codeServerBin)) missing.push(`code-server ${CODE_SERVER_VERSION} (${codeServerBin})`);
  if (!existsSync(chromiumPath)) missing.push(`Chromium (${chromiumPath})`);
  if (missing.length > 0) {
    throw new Error(`end-to-end toolchain missing: ${missing.join(', ')}. Run \`npm run e2e:setup\` first.`);
  }
}

/** Builds and packages the extension the way a release is made, so the test installs what users install. */
export function packageExtension(): void {
  const r = spawnSync('npm', ['run', '--silent', 'package'], { cwd: root, encoding: 'utf8', stdio: 'pipe' });
  if (r.status !== 0) {
    throw new Error(`npm run package failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  }
  if (!existsSync(vsixPath)) throw new Error(`npm run package did not produce ${vsixPath}`);
}

/**
 * Builds and packages the variant whose manifest has only the "browser" entry: code-server
 * runs it in its web-worker extension host, as VS Code for the Web runs GradLens.
 */
export function packageWebOnlyExtension(): void {
  const r = spawnSync('npm', ['run', '--silent', 'package:web-only'], { cwd: root, encoding: 'utf8', stdio: 'pipe' });
  if (r.status !== 0) {
    throw new Error(`npm run package:web-only failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  }
  if (!existsSync(webVsixPath)) throw new Error(`npm run package:web-only did not produce ${webVsixPath}`);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface CodeServerOptions {
  /** VS Code settings written before the first start (theme, trust, ...). */
  settings: Record<string, unknown>;
  /** Folder copied into the run's workspace. */
  workspaceFrom: string;
  /** Prefix of the run's temp folder, to tell runs apart when one is left behind. */
  name: string;
  /** The .vsix to install; the release one (gradlens.vsix) unless said. */
  vsix?: string;
}

export interface CodeServer {
  url: string;
  port: number;
  workspace: string;
  /** Everything the server printed, for a failing check's message. */
  output(): string;
  /** Stops the server's whole process group (extension host, file watcher, pty host) and removes the run's folders. */
  stop(): Promise<void>;
}

/** Arguments that keep code-server's state inside `dir` and away from the network. */
function isolatedEnv(dir: string): NodeJS.ProcessEnv {
  // code-server writes ~/.config/code-server and ~/.local/share/code-server even with
  // --user-data-dir; pointing XDG at the run's folder keeps two runs (or the developer's
  // own code-server) from sharing them.
  return {
    ...process.env,
    XDG_CONFIG_HOME: path.join(dir, 'xdg-config'),
    XDG_DATA_HOME: path.join(dir, 'xdg-data'),
    XDG_CACHE_HOME: path.join(dir, 'xdg-cache'),
  };
}

export function codeServerArgs(userDataDir: string, extensionsDir: string): string[] {
  return [
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
  ];
}

/** Installs a .vsix into an extensions folder with code-server's own installer. */
export function installExtension(vsix: string, userDataDir: string, extensionsDir: string, env?: NodeJS.ProcessEnv): void {
  const r = spawnSync(codeServerBin, [...codeServerArgs(userDataDir, extensionsDir), '--install-extension', vsix, '--force'], {
    encoding: 'utf8',
    env,
    timeout: 120_000,
  });
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  if (r.status !== 0 || !/successfully installed/i.test(out)) {
    throw new Error(`installing ${vsix} into code-server failed (exit ${r.status}):\n${out}`);
  }
}

export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `gradlens-e2e-${options.name}-`));
  liveDirs.add(dir);
  const userDataDir = path.join(dir, 'user-data');
  const extensionsDir = path.join(dir, 'extensions');
  const workspace = path.join(dir, 'workspace');
  const env = isolatedEnv(dir);
  await mkdir(path.join(userDataDir, 'User'), { recursive: true });
  await writeFile(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(options.settings, null, 2));
  await cp(options.workspaceFrom, workspace, { recursive: true });

  let child: ChildProcess | undefined;
  let log = '';
  const stop = async (): Promise<void> => {
    if (child?.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child!.once('exit', () => resolve()));
      killGroup(child.pid, 'SIGTERM');
      const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 5000).unref());
      if ((await Promise.race([exited, timer])) === 'timeout') killGroup(child.pid, 'SIGKILL');
    }
    await rm(dir, { recursive: true, force: true, maxRetries: 3 });
    liveDirs.delete(dir);
  };

  try {
    installExtension(options.vsix ?? vsixPath, userDataDir, extensionsDir, env);
    const port = await freePort();
    child = spawn(
      codeServerBin,
      [...codeServerArgs(userDataDir, extensionsDir), '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, workspace],
      // Its own process group, so stop() reaches the extension host and the other
      // processes it forks, not only the launcher script.
      { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const pid = child.pid;
    if (pid !== undefined) {
      liveGroups.add(pid);
      child.once('exit', () => liveGroups.delete(pid));
    }
    child.stdout!.on('data', (b: Buffer) => (log += b.toString()));
    child.stderr!.on('data', (b: Buffer) => (log += b.toString()));
    const url = `http://127.0.0.1:${port}`;
    await waitForHealth(url, child, () => log);
    return { url, port, workspace, output: () => log, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

// A test process stopped by Ctrl+C or a crash still takes its servers down with it.
const liveGroups = new Set<number>();
const liveDirs = new Set<string>();
process.on('exit', () => {
  for (const pid of liveGroups) killGroup(pid, 'SIGKILL');
  for (const dir of liveDirs) rmSync(dir, { recursive: true, force: true });
});
// The servers run in their own process groups, so a Ctrl+C in the terminal does not reach
// them; and a signal ends node without 'exit' handlers unless it is handled.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => process.exit(130));
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

async function waitForHealth(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}:\n${log()}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`code-server did not answer on ${url} within 60 s:\n${log()}`);
}

/**
 * The user settings of a test window: the theme, and nothing that would open, ask or
 * fetch between the checks (trust, welcome pages, tips, recommendations, updates).
 */
export function testSettings(theme: string): Record<string, unknown> {
  return {
    'workbench.colorTheme': theme,
    'security.workspace.trust.enabled': false,
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'chat.commandCenter.enabled': false,
    'extensions.ignoreRecommendations': true,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    // Hot exit would bring back unsaved text after the reload and blur what the reload check sees.
    'files.hotExit': 'off',
    // Enter ends the line being typed, even when word suggestions are open.
    'editor.acceptSuggestionOnEnter': 'off',
  };
}
