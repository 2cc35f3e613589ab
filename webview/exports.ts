import type { ExportFormat } from '../src/shared/protocol';
import type { Shown } from './drawing';
import type { LayoutClient } from './layout';
import { banner } from './page';
import { errorText, reportError } from './report';
import { post } from './vscode';

// Files out of the panel: the graph as SVG or DOT (saved or copied) and the charts as
// PNG or SVG. A webview cannot write files: the host saves what is posted here, under
// a name made from the .grad file's.

/** Saves or copies the drawing on screen: its DOT as is, its SVG from the worker's Graphviz. */
export async function exportGraph(current: Shown | null, layout: LayoutClient, format: ExportFormat, copy: boolean): Promise<void> {
  if (current === null || current.dot === null) return;
  try {
    const content = format === 'dot' ? current.dot : await layout.exportSvg(current.dot);
    if (copy) post({ type: 'copy', text: content });
    else post({ type: 'save', format, content, suggestedName: `${baseName(current.uri)}-cell-${current.cell + 1}.${format}` });
  } catch (e) {
    banner.show(['The graph could not be exported.', errorText(e)]);
    reportError(e);
  }
}

/** Saves a chart's file; `uri` is the file it is of, when known. */
export function saveChart(uri: string | null, format: 'png' | 'svg', content: string, name: string): void {
  post({ type: 'save', format, content, suggestedName: `${uri !== null ? baseName(uri) : 'chart'}-${name}.${format}` });
}

function baseName(uri: string): string {
  const last = uri.split(/[/\\]/).pop() ?? '';
  let name: string;
  try {
    name = decodeURIComponent(last);
  } catch {
    name = last;
  }
  return name.replace(/\.grad$/i, '').replace(/[^\w.-]+/g, '_') || 'graph';
}
