import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { evaluate } from '../../../src/lang';
import { checkReport } from '../../../src/extension/features/checkGradients/content';

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
  test('all values agree: one short information line, the details with the tolerance', () => {
    const cell = evaluate(LECTURE, { checkGradients: true }).cells[1];
    const report = checkReport(cell, 4);
    assert.equal(report.severity, 'info');
    assert.equal(report.message, 'Cell 2: all 7 gradients match a numerical estimate');
    assert.match(report.details[0], /^Cell 2 \(L\): .*tolerance 1e-4$/);
    assert.equal(report.details.length, 8);
    assert.match(report.details.find((l) => l.includes(' a:'))!, /ok +a: shown 6\.0000, numeric 6\.0000/);
  });

  test('a gradient set wrong by hand is named in a warning', () => {
    const text = LECTURE + 'L.grad = 1.0\nf.grad = 4.0\nd.grad = -2.0\nc.grad = -2.0\ne.grad = -2.0\na.grad = 7.0\nb.grad = -4.0\n';
    const cell = evaluate(text, { checkGradients: true }).cells[1];
    const report = checkReport(cell, 2);
    assert.equal(report.severity, 'warning');
    assert.equal(report.message, 'Cell 2: 1 of 7 gradients differs from a numerical estimate: a shows 7.00, numerically 6.00');
    assert.ok(report.details.some((l) => l.includes('DIFF  a: shown 7.00, numeric 6.00')));
  });

  test('one value is named rather than counted', () => {
    const cell = evaluate('x = 3.0\n', { checkGradients: true }).cells[0];
    assert.equal(checkReport(cell, 4).message, 'Cell 1: the gradient of x matches a numerical estimate');
  });

  test('a cell without an output has nothing to check', () => {
    const cell = evaluate('a = 2.0\n# %%\nprint(a.data)\n', { checkGradients: true }).cells[1];
    assert.deepEqual(checkReport(cell, 4), { severity: 'info', message: 'Cell 2: no output, so there are no gradients to check', details: [] });
  });
});
