import { fixed, skippedReason, type CellResult, type ValueCheck } from '../../../lang';

/** Values named in a failure notification; the output channel lists all. */
const MAX_LISTED = 3;

export interface CheckReport {
  severity: 'info' | 'warning';
  /** One line for a notification. */
  message: string;
  /** Every value checked, for the output channel. */
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
  if (check.skipped) return { severity: 'info', message: `${name}: not checked: ${skippedReason(check.skipped)}`, details: [] };
  const tolerance = check.tolerance.toExponential().replace(/e\+?/, 'e');
  if (check.values.length === 0) {
    return {
      severity: 'info',
      message: `${name}: ${cell.output} is a constant, so there are no gradients to check`,
      details: [],
    };
  }
  const label = (value: ValueCheck) => value.label || `#${value.node}`;
  const details = [
    `${name}: the gradient of ${cell.output} for each value, as the cell shows it, against a central difference, tolerance ${tolerance}`,
    ...check.values.map((v) =>
      `  ${v.ok ? 'ok  ' : 'DIFF'}  ${label(v)}: shown ${fixed(v.shown, precision)}, numeric ${fixed(v.numeric, precision)}`),
  ];
  // The notification names the cell by number only: a long title would push the verdict out of view.
  const short = `Cell ${cell.index + 1}`;
  const differing = check.values.filter((v) => !v.ok);
  const total = check.values.length;
  if (differing.length === 0) {
    const all = total === 1 ? `the gradient of ${label(check.values[0])} matches` : `all ${total} gradients match`;
    return { severity: 'info', message: `${short}: ${all} a numerical estimate`, details };
  }
  const shown = differing.slice(0, MAX_LISTED)
    .map((v) => `${label(v)} shows ${fixed(v.shown, precision)}, numerically ${fixed(v.numeric, precision)}`);
  if (differing.length > MAX_LISTED) shown.push(`${differing.length - MAX_LISTED} more`);
  const verb = differing.length === 1 ? 'differs' : 'differ';
  return {
    severity: 'warning',
    message: `${short}: ${differing.length} of ${total} gradients ${verb} from a numerical estimate: ${shown.join('; ')}`,
    details,
  };
}
