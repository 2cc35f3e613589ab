// Activation time of both builds in a real VS Code (code-server): the Node build
// (gradlens.vsix, code-server's Node extension host) and the browser build
// (gradlens-web.vsix, its web-worker extension host). Not a test: a measurement for
// docs/performance.md. Each run is a fresh server and window that opens a .grad file
// (activation is onLanguage:grad) and reads GradLens's activation line from the Output view.
//   node --import tsx test/e2e/activation.ts [runs per build, default 5]
import { statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumPath, packageExtension, packageWebOnlyExtension, requireToolchain, root, startCodeServer, vsixPath, webVsixPath } from './codeServer';
import { parseActivation, readGradLensLog } from './gradlensLog';
import { Workbench } from './workbench';

const runs = Number(process.argv[2] ?? 5);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function main(): Promise<void> {
  requireToolchain();
  packageExtension();
  packageWebOnlyExtension();
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
  console.log(`load average before: ${os.loadavg().map((x) => x.toFixed(2)).join(' ')} (${os.cpus().length} cores)`);
  for (const [build, vsix] of [['Node', vsixPath], ['browser', webVsixPath]] as const) {
    const seen: { activateMs: number; sinceHostStartMs: number; bundleMs: number }[] = [];
    for (let i = 0; i < runs; i++) {
      const server = await startCodeServer({
        name: `activation-${build}`, vsix, workspaceFrom: path.join(root, 'examples'),
        settings: { 'security.workspace.trust.enabled': false, 'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off', 'update.mode': 'none' },
      });
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      try {
        const wb = new Workbench(await context.newPage(), server.url, server.workspace);
        await wb.open();
        await wb.quickOpen('01-expression.grad');
        await wb.waitForEditorLine(/= -8\.0000/, 30_000);
        const line = (await readGradLensLog(wb)).find((l) => l.includes('GradLens activated'));
        const a = line ? parseActivation(line) : null;
        if (!a || a.build !== build) throw new Error(`no ${build} activation line: ${line}`);
        seen.push(a);
        console.log(`${build} run ${i + 1}: ${line}`);
      } finally {
        await context.close();
        await server.stop();
      }
    }
    console.log(`${build}: activate() median ${median(seen.map((s) => s.activateMs)).toFixed(1)} ms of ${JSON.stringify(seen.map((s) => s.activateMs))}; `
      + `bundle's code median ${median(seen.map((s) => s.bundleMs)).toFixed(1)} ms of ${JSON.stringify(seen.map((s) => s.bundleMs))}; `
    + `began after host start median ${median(seen.map((s) => s.sinceHostStartMs))} ms of ${JSON.stringify(seen.map((s) => s.sinceHostStartMs))}`);
  }
  console.log(`load average after: ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  await browser.close();
  for (const f of ['dist/extension.js', 'dist/evalWorker.js', 'dist/web/extension.js', 'dist/web/evalWorker.js', 'dist/webview.js', 'gradlens.vsix', 'gradlens-web.vsix']) {
    console.log(`${f}: ${(statSync(path.join(root, f)).size / 1024).toFixed(0)} KiB`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
