import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { evaluate, type CellResult } from '../../../src/lang';
import { checkReport } from '../../../src/extension/content/gradientCheck';

const LECTURE = `a = 2.0
# %% L
b = -3.0
c = 10.0
e = a * b
d = e + c
f = -2.0
L = d * f
`;

describe('gradient check report', () => {
  test('all leaves agree: one information line naming the cell, the count and the tolerance', () => {
    const cell = evaluate(LECTURE, { checkGradients: true }).cells[1];
    const report = checkReport(cell, 4);
    assert.equal(report.severity, 'info');
    assert.equal(report.message, 'Cell 2 (L): all 4 gradients match central differences (tolerance 1e-4)');
    assert.equal(report.details.length, 5);
    assert.match(report.details.find((l) => l.includes(' a:'))!, /ok +a: analytic 6\.0000, numeric 6\.0000/);
  });

  test('a leaf whose gradient differs is listed in a warning', () => {
    const cell = evaluate(LECTURE, { checkGradients: true }).cells[1];
    // As a buggy backward pass would leave it: a's analytic gradient off by one.
    const broken: CellResult = {
      ...cell,
      check: { ...cell.check!, leaves: cell.check!.leaves.map((l) => (l.label === 'a' ? { ...l, analytic: 7, ok: false } : l)) },
    };
    const report = checkReport(broken, 2);
    assert.equal(report.severity, 'warning');
    assert.equal(report.message,
      'Cell 2 (L): 1 of 4 gradients differ from central differences (tolerance 1e-4): a (analytic 7.00, numeric 6.00)');
    assert.ok(report.details.some((l) => l.includes('DIFF  a: analytic 7.00, numeric 6.00')));
  });

  test('a cell without an output has nothing to check', () => {
    const cell = evaluate('a = 2.0\n# %%\nprint(a.data)\n', { checkGradients: true }).cells[1];
    assert.deepEqual(checkReport(cell, 4), { severity: 'info', message: 'Cell 2: no output, so there are no gradients to check', details: [] });
  });
});
