import { instance, type Viz } from '@viz-js/viz';

// DOT to SVG through Graphviz compiled to WebAssembly. Creating the instance compiles
// the module (tens of milliseconds), so one instance is made on first use and reused:
// by the CLI here, and by the webview, which renders into its own DOM.

let viz: Promise<Viz> | null = null;

/** The one Graphviz instance, started on first use. */
export function getViz(): Promise<Viz> {
  if (viz === null) {
    const created = instance();
    viz = created;
    // A failed start must not stick: the next call tries again. Only this attempt is
    // forgotten, not one a later call has made since.
    created.catch(() => {
      if (viz === created) viz = null;
    });
  }
  return viz;
}

/** Renders DOT as an SVG document; a Graphviz error comes back as a rejected Error. */
export async function renderSvg(dot: string): Promise<string> {
  let renderer: Viz;
  try {
    renderer = await getViz();
  } catch (e) {
    throw new Error(`Graphviz could not start: ${e instanceof Error ? e.message : String(e)}`);
  }
  let result: ReturnType<Viz['render']>;
  try {
    result = renderer.render(dot, { format: 'svg', engine: 'dot' });
  } catch (e) {
    throw new Error(`Graphviz failed: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (result.status !== 'success') {
    const reasons = result.errors.map((err) => err.message.trim()).filter(Boolean);
    throw new Error(`Graphviz could not render the graph: ${reasons.join('; ') || 'unknown error'}`);
  }
  return result.output;
}
