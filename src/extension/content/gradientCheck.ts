import { fixed, type CellResult } from '../../lang';

export interface CheckReport {
  severity: 'info' | 'warning';
  /** One line for a notification. */
  message: string;
  /** Every leaf, for the output channel. */
  details: string[];
}

/** What "Check gradients" tells the user about one cell evaluated with checkGradients. */
export function checkReport(cell: CellResult, precision: number): CheckReport {
  const title = cell.title.trim();
  const name = `Cell ${cell.index + 1}` + (title !== '' ? ` (${title})` : '');
  const check = cell.check;
  if (cell.output === null || check === null) {
    return { severity: 'info', message: `${name}: no output, so there are no gradients to check`, details: [] };
  }
  const tolerance = check.tolerance.toExponential().replace(/e\+?/, 'e');
  if (check.leaves.length === 0) {
    return {
      severity: 'info',
      message: `${name}: ${cell.output} depends on no leaf Values, so there are no gradients to check`,
      details: [],
    };
  }
  const details = [
    `${name}: d${cell.output}/d(leaf), analytic (backward pass) against numeric (central differences), tolerance ${tolerance}`,
    ...check.leaves.map((leaf) =>
      `  ${leaf.ok ? 'ok  ' : 'DIFF'}  ${leaf.label || `#${leaf.node}`}: analytic ${fixed(leaf.analytic, precision)}, numeric ${fixed(leaf.numeric, precision)}`),
  ];
  const differing = check.leaves.filter((leaf) => !leaf.ok);
  const total = check.leaves.length;
  if (differing.length === 0) {
    const all = total === 1 ? 'the 1 gradient matches' : `all ${total} gradients match`;
    return { severity: 'info', message: `${name}: ${all} central differences (tolerance ${tolerance})`, details };
  }
  const listed = differing
    .map((leaf) => `${leaf.label || `#${leaf.node}`} (analytic ${fixed(leaf.analytic, precision)}, numeric ${fixed(leaf.numeric, precision)})`)
    .join(', ');
  return {
    severity: 'warning',
    message: `${name}: ${differing.length} of ${total} gradients differ from central differences (tolerance ${tolerance}): ${listed}`,
    details,
  };
}
