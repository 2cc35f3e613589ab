import { getViz } from '../src/graph/svg';

// Graphviz in the webview, through the one instance src/graph/svg.ts makes on the first
// graph: creating it compiles the WebAssembly module, so every render reuses it.

export async function renderSvgElement(dot: string): Promise<SVGSVGElement> {
  return (await getViz()).renderSVGElement(dot, { engine: 'dot' });
}

/** Graphviz's SVG document as text, for export: the standalone colours, no webview styling. */
export async function renderSvgText(dot: string): Promise<string> {
  return (await getViz()).renderString(dot, { format: 'svg', engine: 'dot' });
}

/**
 * Runs jobs one at a time and keeps only the newest waiting one: when updates arrive
 * faster than Graphviz draws, the versions in between are never drawn. `isStale` lets
 * a running job notice, after an await, that a newer one has arrived.
 */
export class LatestOnly<T> {
  private pending: { job: T } | null = null;
  private running = false;

  constructor(
    private readonly run: (job: T, isStale: () => boolean) => Promise<void>,
    private readonly onError: (error: unknown) => void,
  ) {}

  submit(job: T): void {
    this.pending = { job };
    if (!this.running) void this.drain();
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.pending !== null) {
        // Let messages already queued behind this one arrive first, so a burst of
        // updates costs one render, not one per message.
        await new Promise<void>((resolve) => setTimeout(resolve, 0));
        const next = this.pending;
        if (next === null) break;
        this.pending = null;
        try {
          await this.run(next.job, () => this.pending !== null);
        } catch (e) {
          // One failed job must not stop the jobs after it.
          this.onError(e);
        }
      }
    } finally {
      this.running = false;
    }
  }
}
