import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as libm from '../../src/engine/libm';

// test/fixtures/libm.json holds glibc's own results (scripts/fixtures/libm.py)
// as hex bit patterns; every port must reproduce each of them bit for bit.
const fixture = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'libm.json'), 'utf8')) as Record<
  string,
  unknown
>;

const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);
const fromHex = (h: string): number => {
  u64[0] = BigInt(`0x${h}`);
  return f64[0]!;
};
const toHex = (x: number): string => {
  f64[0] = x;
  return u64[0]!.toString(16).padStart(16, '0');
};
const same = (a: number, b: number) => Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));

const unary: Record<string, (x: number) => number> = {
  exp: libm.exp,
  log: libm.log,
  sin: libm.sin,
  cos: libm.cos,
  tanh: libm.tanh,
  expm1: libm.expm1,
  sinh: libm.sinh,
  cosh: libm.cosh,
  log10: libm.log10,
  log2: libm.log2,
  log1p: libm.log1p,
  atan: libm.atan,
  asin: libm.asin,
  acos: libm.acos,
};

for (const [name, f] of Object.entries(unary)) {
  test(`${name} matches glibc on every fixture case`, () => {
    const cases = fixture[name] as string[];
    assert.ok(cases.length > 500, `expected the fixture to hold ${name} cases`);
    const bad: string[] = [];
    for (const c of cases) {
      const [xi, want] = c.split(':') as [string, string];
      const got = f(fromHex(xi));
      if (!same(got, fromHex(want))) bad.push(`${name}(${fromHex(xi)} [${xi}]) = ${toHex(got)}, glibc ${want}`);
    }
    assert.deepEqual(bad.slice(0, 10), [], `${bad.length} of ${cases.length} differ`);
  });
}

const binary: Record<string, (a: number, b: number) => number> = { pow: libm.pow, atan2: libm.atan2 };

for (const [name, f] of Object.entries(binary)) {
  test(`${name} matches glibc on every fixture case`, () => {
    const cases = fixture[name] as string[];
    assert.ok(cases.length > 1000, `expected the fixture to hold ${name} cases`);
    const bad: string[] = [];
    for (const c of cases) {
      const [ai, bi, want] = c.split(':') as [string, string, string];
      const got = f(fromHex(ai), fromHex(bi));
      if (!same(got, fromHex(want))) bad.push(`${name}(${fromHex(ai)}, ${fromHex(bi)}) = ${toHex(got)}, glibc ${want}`);
    }
    assert.deepEqual(bad.slice(0, 10), [], `${bad.length} of ${cases.length} differ`);
  });
}
