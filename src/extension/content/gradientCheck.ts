import { fixed, type CellResult, type LeafCheck } from '../../lang';

/** Leaves named in a failure notification; the output channel lists all. */
const MAX_LISTED = 3;

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
  const label = (leaf: LeafCheck) => leaf.label || `#${leaf.node}`;
  const details = [
    `${name}: the gradient of ${cell.output} for each leaf, as the cell shows it, against a central difference, tolerance ${tolerance}`,
    ...check.leaves.map((leaf) =>
      `  ${leaf.ok ? 'ok  ' : 'DIFF'}  ${label(leaf)}: shown ${fixed(leaf.analytic, precision)}, numeric ${fixed(leaf.numeric, precision)}`),
  ];
  // The notification names the cell by number only: a long title would push the verdict out of view.
  const short = `Cell ${cell.index + 1}`;
  const differing = check.leaves.filter((leaf) => !leaf.ok);
  const total = check.leaves.length;
  if (differing.length === 0) {
    const all = total === 1 ? `the gradient of ${label(check.leaves[0])} matches` : `all ${total} gradients match`;
    return { severity: 'info', message: `${short}: ${all} a numerical estimate`, details };
  }
  const shown = differing.slice(0, MAX_LISTED)
    .map((leaf) => `${label(leaf)} shows ${fixed(leaf.analytic, precision)}, numerically ${fixed(leaf.numeric, precision)}`);
  if (differing.length > MAX_LISTED) shown.push(`${differing.length - MAX_LISTED} more`);
  const verb = differing.length === 1 ? 'differs' : 'differ';
  return {
    severity: 'warning',
    message: `${short}: ${differing.length} of ${total} gradients ${verb} from a numerical estimate: ${shown.join('; ')}`,
    details,
  };
}
