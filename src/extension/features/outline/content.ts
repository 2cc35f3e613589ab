import { fixed, type DefinitionSymbol, type EvalResult, type SourceRange } from '../../../lang';
import { cellName } from '../../cells';

/** A cell or a variable in the Outline, with offset ranges (the provider makes them Ranges). */
export interface OutlineItem {
  name: string;
  detail: string;
  kind: 'cell' | 'variable' | 'function' | 'class' | 'method';
  range: SourceRange;
  /** What the Outline selects and reveals: the marker line, or the binding statement. */
  selectionRange: SourceRange;
  children: OutlineItem[];
}

function definitionItem(d: DefinitionSymbol): OutlineItem {
  return { name: d.name, detail: '', kind: d.kind, range: d.range, selectionRange: d.selectionRange, children: d.children.map(definitionItem) };
}

/** The cells in document order, each with the variables it binds (each once, at its first binding). */
export function outline(result: EvalResult, precision: number): OutlineItem[] {
  return result.cells.map((cell) => {
    const byId = new Map(cell.nodes.map((n) => [n.id, n]));
    const seen = new Set<string>();
    const children: OutlineItem[] = [];
    for (const binding of cell.bindings) {
      // A function's locals belong to the function, not the cell.
      if (binding.scope !== null || seen.has(binding.name)) continue;
      seen.add(binding.name);
      if (cell.definitions.some((d) => d.name === binding.name)) continue;
      const value = cell.values[binding.name] ?? (binding.node === null ? undefined : byId.get(binding.node));
      children.push({
        name: binding.name,
        detail: value ? `= ${fixed(value.data, precision)}` : binding.display ? `= ${binding.display}` : '',
        kind: 'variable',
        range: binding.range,
        selectionRange: binding.range,
        children: [],
      });
    }
    children.push(...cell.definitions.map(definitionItem));
    children.sort((x, y) => x.range.start - y.range.start);
    // VS Code rejects a symbol whose selection lies outside its range.
    const marker = cell.markerRange;
    const selection = marker && marker.start >= cell.range.start && marker.end <= cell.range.end
      ? marker
      : { start: cell.range.start, end: cell.range.start };
    return {
      name: cellName(cell),
      detail: cell.output !== null ? `output ${cell.output}` : '',
      kind: 'cell',
      range: cell.range,
      selectionRange: selection,
      children,
    };
  });
}
