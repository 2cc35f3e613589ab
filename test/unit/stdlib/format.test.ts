import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fixed, pythonFloat } from '../../../src/lang/format';
import { PyError } from '../../../src/lang/runtime/errors';
import {
  formatFloat, formatInt, formatStr, percentFormat, pyRound, pyRoundTo, roundInt, strRepr,
  type FormatHooks, type PercentArgs,
} from '../../../src/lang/stdlib/formatSpec';
import { isPrintable } from '../../../src/lang/stdlib/unicode';

// Every expected string below is CPython 3.11's, written by scripts/fixtures/format.py.

type Outcome = string | [string, string];
type Encoded = string | boolean | { int: string } | { float: string } | { tuple: Encoded[] } | { obj: FakeFields };

interface FakeFields {
  str: string;
  repr: string;
  type: string;
  items?: Record<string, Encoded>;
  index?: string;
  int?: string;
  float?: string;
}

interface Fixture {
  python: string;
  floatValues: string[];
  floatSpecs: string[];
  floatMatrix: Outcome[][];
  floatPairs: [string, string, Outcome][];
  floatRepr: [string, string][];
  intValues: string[];
  intSpecs: string[];
  intMatrix: Outcome[][];
  intPairs: [string, string, Outcome][];
  boolCases: [boolean, string, Outcome][];
  strValues: string[];
  strSpecs: string[];
  strMatrix: Outcome[][];
  percent: [string, { kind: 'tuple'; items: Encoded[] } | { kind: 'mapping' | 'single'; value: Encoded }, Outcome][];
  roundFloatInt: [string, Outcome][];
  roundFloat: [string, string, Outcome][];
  roundInt: [string, string, string][];
  strRepr: [string, string][];
  printableRuns: number[];
}

const fixture = JSON.parse(
  readFileSync(new URL('../../fixtures/format.json', import.meta.url), 'utf8'),
) as Fixture;

const bits = new DataView(new ArrayBuffer(8));
/** A double from its 16 hex digits of IEEE bits. */
function f64(hex: string): number {
  bits.setBigUint64(0, BigInt(`0x${hex}`));
  return bits.getFloat64(0);
}

/** What `run` gives, as the fixture writes it: the string, or [exception type, message]. */
function attempt(run: () => string): Outcome {
  try {
    return run();
  } catch (e) {
    if (e instanceof PyError) return [e.type, e.message];
    throw e;
  }
}

/** Compares many cases and reports every mismatch at once (up to a screenful), not just the first. */
function checkAll(cases: Iterable<[label: string, actual: () => string, expected: Outcome]>): void {
  const failures: string[] = [];
  let count = 0;
  for (const [label, run, expected] of cases) {
    count++;
    const actual = attempt(run);
    if (JSON.stringify(actual) !== JSON.stringify(expected)) {
      failures.push(`${label}: got ${JSON.stringify(actual)}, Python ${JSON.stringify(expected)}`);
    }
  }
  assert.ok(count > 0, 'no cases');
  assert.equal(failures.length, 0, `${failures.length} of ${count} differ:\n${failures.slice(0, 40).join('\n')}`);
}

describe('format fixture', () => {
  it('was written by Python 3.11', () => assert.match(fixture.python, /^3\.11\./));
});

describe('formatFloat', () => {
  it('matches format(x, spec) for every value × spec in the matrix', () => {
    checkAll(function* () {
      for (const [i, hex] of fixture.floatValues.entries()) {
        const x = f64(hex);
        for (const [j, spec] of fixture.floatSpecs.entries()) {
          yield [`format(${pythonFloat(x)}, ${JSON.stringify(spec)})`, () => formatFloat(x, spec), fixture.floatMatrix[i][j]];
        }
      }
    }());
  });

  it('matches format(x, spec) for random doubles and generated specs', () => {
    checkAll(fixture.floatPairs.map(([hex, spec, expected]) => {
      const x = f64(hex);
      return [`format(${pythonFloat(x)}, ${JSON.stringify(spec)})`, () => formatFloat(x, spec), expected];
    }));
  });

  it('names the type it is told in errors', () => {
    assert.throws(() => formatFloat(1, 'd', 'MyFloat'), {
      type: 'ValueError', message: "Unknown format code 'd' for object of type 'MyFloat'",
    });
  });
});

describe('pythonFloat', () => {
  it('write repr(x) for random doubles of every magnitude', () => {
    checkAll(fixture.floatRepr.map(([hex, expected]) => {
      const x = f64(hex);
      return [hex, () => pythonFloat(x), expected];
    }));
  });

  it('the examples of issue 7', () => {
    assert.equal(pythonFloat(50), '50.0');
    assert.equal(pythonFloat(0.8958441028683222), '0.8958441028683222');
    assert.equal(pythonFloat(0.00001), '1e-05');
    assert.equal(formatFloat(1e16, ''), '1e+16');
    assert.equal(formatFloat(0.1, 'g'), '0.1');
    assert.equal(formatFloat(1.5, ''), '1.5');
  });

  it('fixed keeps GradLens display behaviour', () => {
    assert.equal(fixed(-8, 4), '-8.0000');
    assert.equal(fixed(NaN, 4), 'nan');
    assert.equal(fixed(-Infinity, 2), '-inf');
    assert.equal(fixed(1.23456, 99), (1.23456).toFixed(12));
  });

  it("fixed writes what draw_dot's '%.4f' writes in CPython, ties and signs included", () => {
    // python3 -c "print(['%.4f' % x for x in (0.03125, 1e21, -0.0, -0.00001, 0.00005, 2.00015)])"
    const python = ['0.0312', '1000000000000000000000.0000', '-0.0000', '-0.0000', '0.0001', '2.0002'];
    assert.deepEqual([0.03125, 1e21, -0, -0.00001, 0.00005, 2.00015].map((x) => fixed(x, 4)), python);
  });
});

describe('formatInt', () => {
  it('matches format(n, spec) for every value × spec in the matrix', () => {
    checkAll(function* () {
      for (const [i, text] of fixture.intValues.entries()) {
        const x = BigInt(text);
        for (const [j, spec] of fixture.intSpecs.entries()) {
          yield [`format(${text}, ${JSON.stringify(spec)})`, () => formatInt(x, spec), fixture.intMatrix[i][j]];
        }
      }
    }());
  });

  it('matches format(n, spec) for random ints and generated specs', () => {
    checkAll(fixture.intPairs.map(([text, spec, expected]) => {
      const x = BigInt(text);
      return [`format(${text}, ${JSON.stringify(spec)})`, () => formatInt(x, spec), expected];
    }));
  });

  it('formats bools as ints, but as True/False with an empty spec', () => {
    checkAll(fixture.boolCases.map(([b, spec, expected]) => [
      `format(${b}, ${JSON.stringify(spec)})`,
      () => (spec === '' ? (b ? 'True' : 'False') : formatInt(b ? 1n : 0n, spec, 'bool')),
      expected,
    ]));
  });
});

describe('formatStr', () => {
  it('matches format(s, spec) for every value × spec in the matrix', () => {
    checkAll(function* () {
      for (const [i, s] of fixture.strValues.entries()) {
        for (const [j, spec] of fixture.strSpecs.entries()) {
          yield [`format(${JSON.stringify(s)}, ${JSON.stringify(spec)})`, () => formatStr(s, spec), fixture.strMatrix[i][j]];
        }
      }
    }());
  });
});

/** A Python object other than int/float/bool/str, as the fixture describes it. */
class Fake {
  constructor(readonly fields: FakeFields) {}
}

function decode(v: Encoded): unknown {
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if ('int' in v) return BigInt(v.int);
  if ('float' in v) return f64(v.float);
  if ('tuple' in v) {
    // A tuple inside the arguments only needs its str and repr: Python's, rebuilt here.
    const text = v.tuple.map((x) => reprOf(decode(x)));
    const repr = text.length === 1 ? `(${text[0]},)` : `(${text.join(', ')})`;
    return new Fake({ str: repr, repr, type: 'tuple' });
  }
  return new Fake(v.obj);
}

function decodeArgs(a: Fixture['percent'][number][1]): PercentArgs {
  if (a.kind === 'tuple') return { kind: 'tuple', items: a.items.map(decode) };
  return { kind: a.kind, value: decode(a.value) };
}

function reprOf(x: unknown): string {
  if (typeof x === 'string') return strRepr(x);
  if (typeof x === 'bigint') return x.toString();
  if (typeof x === 'number') return pythonFloat(x);
  if (typeof x === 'boolean') return x ? 'True' : 'False';
  return (x as Fake).fields.repr;
}

const hooks: FormatHooks = {
  str: (v) => (v as Fake).fields.str,
  repr: (v) => (v as Fake).fields.repr,
  typeName: (v) => (v as Fake).fields.type,
  getItem(mapping, key) {
    const items = (mapping as Fake).fields.items;
    if (!items) throw new PyError('TypeError', `${(mapping as Fake).fields.type} indices must be integers or slices, not str`);
    if (!(key in items)) throw new PyError('KeyError', strRepr(key));
    return decode(items[key]);
  },
  numberSlots(v) {
    const f = (v as Fake).fields;
    if (f.index === undefined && f.int === undefined && f.float === undefined) return undefined;
    return {
      index: f.index === undefined ? undefined : () => BigInt(f.index as string),
      int: f.int === undefined ? undefined : () => BigInt(f.int as string),
      float: f.float === undefined ? undefined : () => f64(f.float as string),
    };
  },
};

describe('percentFormat', () => {
  it('matches template % args', () => {
    checkAll(fixture.percent.map(([template, args, expected]) => [
      `${JSON.stringify(template)} % ${JSON.stringify(args)}`,
      () => percentFormat(template, decodeArgs(args), hooks),
      expected,
    ]));
  });
});

describe('round', () => {
  it('round(x) of a float: nearest int, ties to even', () => {
    checkAll(fixture.roundFloatInt.map(([hex, expected]) => {
      const x = f64(hex);
      return [`round(${pythonFloat(x)})`, () => pyRound(x).toString(), expected];
    }));
  });

  it('round(x, n) of a float: the exact value rounded, read back', () => {
    checkAll(fixture.roundFloat.map(([hex, n, expected]) => {
      const x = f64(hex);
      return [`round(${pythonFloat(x)}, ${n})`, () => pythonFloat(pyRoundTo(x, BigInt(n))), expected];
    }));
  });

  it('keeps the sign of a zero result', () => {
    assert.ok(Object.is(pyRoundTo(-0.4, 0n), -0));
    assert.ok(Object.is(pyRoundTo(-2.5, -400n), -0));
  });

  it('round(n, k) of an int', () => {
    checkAll(fixture.roundInt.map(([x, n, expected]) => [
      `round(${x}, ${n})`, () => roundInt(BigInt(x), BigInt(n)).toString(), expected,
    ]));
  });

  it('round(n, k) with a huge negative k is 0 without building 10**-k', () => {
    assert.equal(roundInt(7n, -(10n ** 20n)), 0n);
  });
});

describe('strRepr', () => {
  it('matches repr(s)', () => {
    checkAll(fixture.strRepr.map(([s, expected]) => [JSON.stringify(s), () => strRepr(s), expected]));
  });

  it('decides printability as Python 3.11 does for every code point', () => {
    const wrong: string[] = [];
    let cp = 0;
    let printable = false;
    for (const run of fixture.printableRuns) {
      for (let i = 0; i < run; i++, cp++) {
        if (isPrintable(cp) !== printable && wrong.length < 20) wrong.push(cp.toString(16));
      }
      printable = !printable;
    }
    assert.equal(cp, 0x110000);
    assert.deepEqual(wrong, []);
  });
});

describe('errors a learner meets, spelled out', () => {
  for (const [label, run, type, message] of [
    ['format(1.0, "d")', () => formatFloat(1, 'd'), 'ValueError', "Unknown format code 'd' for object of type 'float'"],
    ['format(1, ".2")', () => formatInt(1n, '.2'), 'ValueError', 'Precision not allowed in integer format specifier'],
    ['format("a", "+")', () => formatStr('a', '+'), 'ValueError', 'Sign not allowed in string format specifier'],
    ['format(1, ",_")', () => formatInt(1n, ',_'), 'ValueError', "Cannot specify both ',' and '_'."],
    ['"%s %s" % (1,)', () => percentFormat('%s %s', { kind: 'tuple', items: [1n] }, hooks), 'TypeError', 'not enough arguments for format string'],
    ['"%s" % (1, 2)', () => percentFormat('%s', { kind: 'tuple', items: [1n, 2n] }, hooks), 'TypeError', 'not all arguments converted during string formatting'],
    ['"%d" % "a"', () => percentFormat('%d', { kind: 'single', value: 'a' }, hooks), 'TypeError', '%d format: a real number is required, not str'],
    ['round(inf)', () => pyRound(Infinity).toString(), 'OverflowError', 'cannot convert float infinity to integer'],
    ['round(nan)', () => pyRound(NaN).toString(), 'ValueError', 'cannot convert float NaN to integer'],
  ] as const) {
    it(label, () => assert.throws(run, (e: unknown) => e instanceof PyError && e.type === type && e.message === message));
  }
});
