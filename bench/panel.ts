import { loadavg } from 'node:os';
import type { GraphColumns } from '../src/graph/columns';
import type { UpdateMessage } from '../src/shared/protocol';
import { ColumnsBuilder, trainingColumns } from '../test/unit/columnsBuilder';
import { Harness, update } from '../test/webview/harness';

// The panel's first useful view: from the update posted to the page (what VS Code's
// postMessage delivers: the columns cloned into the page) to the drawing on screen (a
// summary above the budget of 300 drawn nodes, the whole graph below it), in headless
// Chromium with the real page, its layout worker and its policy. The page stays open
// between runs, as a panel does while the user types; successive runs alternate the
// layout direction so that each is a new layout, not a numbers-only patch.
//
// Bundled on its own (dist/benchPanel.js, DOM types in test/tsconfig.browser.json) and
// run by dist/bench.js, which reads the JSON line it prints last.

export const PANEL_SIZES = [100, 1_000, 10_000, 100_000, 1_000_000] as const;

export interface PanelFigures {
  /** Median milliseconds per nominal size; the graphs' exact sizes are in `values`. */
  firstViewMs: Record<string, number>;
  values: Record<string, number>;
  runs: number;
  /** The machine's 1-minute load average before and after. */
  load: [number, number];
}

/** A training-shaped graph of about `n` values (micrograd's MLP and hinge loss). */
export function graphOfSize(n: number): GraphColumns {
  if (n <= 100) return trainingColumns(1, 1, [8, 1], new ColumnsBuilder());
  if (n <= 1_000) return trainingColumns(1, 1);
  if (n <= 10_000) return trainingColumns(1, 15);
  if (n <= 100_000) return trainingColumns(1, 155);
  return trainingColumns(100, 15);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export async function measurePanel(runs = 3, log: (line: string) => void = () => {}): Promise<PanelFigures> {
  const before = loadavg()[0];
  const harness = await Harness.start();
  const firstViewMs: Record<string, number> = {};
  const values: Record<string, number> = {};
  try {
    for (const size of PANEL_SIZES) {
      const columns = graphOfSize(size);
      values[size] = columns.size;
      const panel = await harness.open({ width: 1000, height: 700 });
      // The graph crosses to the page once, untimed; each run posts it from there.
      const base: UpdateMessage = update({ graph: null, columns: null, graphSize: columns.size });
      await panel.page.evaluate(
        ([message, c]) => {
          (window as unknown as { __bench: unknown }).__bench = { message, columns: c };
        },
        [base, columns] as [UpdateMessage, GraphColumns],
      );
      const times: number[] = [];
      // One untimed run first: the worker's Graphviz and the JIT warm up.
      for (let r = 0; r <= runs; r++) {
        const ms = await panel.page.evaluate(
          ([version, rankdir]) =>
            new Promise<number>((resolve) => {
              const { message, columns: c } = (window as unknown as { __bench: { message: UpdateMessage; columns: GraphColumns } }).__bench;
              const seen = Number(document.body.dataset.drawings ?? '0');
              const observer = new MutationObserver(() => {
                if (Number(document.body.dataset.drawings ?? '0') <= seen) return;
                observer.disconnect();
                // Drawn once the frame with it is painted.
                requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - start), 0));
              });
              observer.observe(document.body, { attributes: true, attributeFilter: ['data-drawings'] });
              const start = performance.now();
              window.postMessage({ ...message, version, columns: c, settings: { ...message.settings, rankdir } }, '*');
            }),
          [r + 1, r % 2 === 0 ? 'LR' : 'TB'] as [number, 'LR' | 'TB'],
        );
        if (r > 0) times.push(ms);
      }
      const problems = await panel.allProblems();
      await panel.close();
      if (problems.length > 0) throw new Error(`the panel reported problems: ${problems.join('; ')}`);
      firstViewMs[size] = Math.round(median(times));
      log(`  ${columns.size.toLocaleString('en-US').padStart(9)} values: ${firstViewMs[size]} ms (runs: ${times.map((t) => t.toFixed(0)).join(', ')})`);
    }
  } finally {
    await harness.stop();
  }
  return { firstViewMs, values, runs, load: [before, loadavg()[0]] };
}

async function main(): Promise<void> {
  const figures = await measurePanel(3, (line) => console.log(line));
  console.log(JSON.stringify(figures));
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  });
}
