import { NodeRef } from '../../engine/tape';
import {
  acos, asin, atan, atan2, cos, cosh, exp, expm1, log, log10, log1p, log2, pow, sin, sinh, tanh,
} from '../../engine/libm';
import { pythonFloat } from '../format';
import { checkRandomState, makeMoons, makeMoonsParameterError } from '../stdlib/moons';
import { RandomState } from '../stdlib/numpyRandom';
import { PyRandom } from '../stdlib/random';
import { keywords } from './methods';
import { intArgument } from './builtins';
import { overflowError, PyError, typeError, valueError } from './errors';
import { toArray } from './iteration';
import { Builtin, Instance, PyModule, Tuple, type Kwargs, type Py } from './objects';
import { asBig, isNum, plain, toFloat } from './numbers';
import { Runtime } from './runtime';
import { VALUE, typeName } from './types';
import { callDunder, NOT_FOUND } from './calls';
import { plotModules } from './plots';

// The modules a .grad file can import: math and random (CPython's numbers, to the last
// bit), micrograd's engine and nn, and scikit-learn's make_moons. Each evaluation gets
// its own, so random's state starts the same on every run.

/** The seed `random` and make_moons's default generator start from when the program never seeds them. */
export const DEFAULT_SEED = 0;

/** What to write instead, for modules a learner pastes but GradLens does not have. */
const ADVICE: Record<string, string> = {
  numpy: 'use lists and comprehensions ([x*2 for x in xs]) and the random module; for make_moons, pass random_state=1337 instead of np.random.seed(1337)',
  matplotlib: 'GradLens has matplotlib.pyplot (plot, scatter, title, show, ...), drawn in its panel',
  graphviz: 'GradLens draws the graph itself: call draw_dot(x) and look at the graph panel',
  torch: "write the lecture's PyTorch cells with Value: GradLens computes the same gradients",
  sklearn: 'GradLens has sklearn.datasets.make_moons only',
  IPython: 'GradLens shows results inline and in the graph panel',
};

export function unavailableModuleMessage(name: string): string {
  const top = name.split('.')[0];
  const advice = ADVICE[top] ?? 'GradLens has math, random, micrograd and sklearn.datasets.make_moons';
  return `'${name}' is not available in GradLens: ${advice}. Lines that use it are skipped.`;
}

function number(v: Py): number {
  v = plain(v);
  if (isNum(v)) return toFloat(v);
  if (v instanceof Instance) {
    const f = callDunder(Runtime.active!, v, '__float__', [], null);
    if (f !== NOT_FOUND && typeof f === 'number') return f;
  }
  const hint = v instanceof NodeRef ? ': for a Value, use its method (x.exp(), x.tanh()) or its number (x.data)' : '';
  throw typeError(`must be real number, not ${typeName(v)}${hint}`);
}

function args1(name: string, args: Py[], kw: Kwargs | null): number {
  if (kw && kw.names.length > 0) throw typeError(`math.${name}() takes no keyword arguments`);
  if (args.length !== 1) throw typeError(`math.${name}() takes exactly one argument (${args.length} given)`);
  return number(args[0]);
}

function checked(x: number, result: number): number {
  if (Number.isNaN(result) && !Number.isNaN(x)) throw valueError('math domain error');
  if (!Number.isFinite(result) && Number.isFinite(x)) throw overflowError('math range error');
  return result;
}

function mathModule(): PyModule {
  const m = new PyModule('math');
  const fn = (name: string, f: (args: Py[], kw: Kwargs | null) => Py) => m.set(name, new Builtin(name, f));
  const unary = (name: string, f: (x: number) => number, domain?: (x: number) => boolean) =>
    fn(name, (args, kw) => {
      const x = args1(name, args, kw);
      if (domain && !domain(x)) throw valueError('math domain error');
      return checked(x, f(x));
    });
  unary('exp', exp);
  unary('expm1', expm1);
  unary('tanh', tanh);
  unary('sqrt', Math.sqrt, (x) => !(x < 0));
  unary('sin', sin, (x) => Number.isNaN(x) || Number.isFinite(x));
  unary('cos', cos, (x) => Number.isNaN(x) || Number.isFinite(x));
  unary('fabs', Math.abs);
  unary('sinh', sinh);
  unary('cosh', cosh);
  unary('atan', atan);
  unary('asin', asin, (x) => Number.isNaN(x) || (x >= -1 && x <= 1));
  unary('acos', acos, (x) => Number.isNaN(x) || (x >= -1 && x <= 1));
  unary('log2', log2, (x) => Number.isNaN(x) || x > 0);
  unary('log10', log10, (x) => Number.isNaN(x) || x > 0);
  unary('log1p', log1p, (x) => Number.isNaN(x) || x > -1);
  fn('atan2', (args) => {
    if (args.length !== 2) throw typeError(`atan2 expected 2 arguments, got ${args.length}`);
    return atan2(number(args[0]), number(args[1]));
  });
  fn('log', (args, kw) => {
    if (kw && kw.names.length > 0) throw typeError('math.log() takes no keyword arguments');
    if (args.length < 1 || args.length > 2) throw typeError(`log expected 1 or 2 arguments, got ${args.length}`);
    const ln = (v: Py) => {
      const x = number(v);
      if (x <= 0 && !Number.isNaN(x)) throw valueError('math domain error');
      return log(x);
    };
    if (args.length === 1) return ln(args[0]);
    const base = ln(args[1]);
    if (base === 0) throw new PyError('ZeroDivisionError', 'float division by zero');
    return ln(args[0]) / base;
  });
  fn('pow', (args) => {
    if (args.length !== 2) throw typeError(`pow expected 2 arguments, got ${args.length}`);
    const [x, y] = [number(args[0]), number(args[1])];
    if (x === 0 && y < 0) throw valueError('math domain error');
    if (x < 0 && Number.isFinite(x) && !Number.isInteger(y) && Number.isFinite(y)) throw valueError('math domain error');
    const r = pow(x, y);
    if (!Number.isFinite(r) && Number.isFinite(x) && Number.isFinite(y)) throw overflowError('math range error');
    return r;
  });
  const rounding = (name: string, f: (x: number) => number) => fn(name, (args, kw) => {
    const x = args1(name, args, kw);
    if (Number.isNaN(x)) throw valueError('cannot convert float NaN to integer');
    if (!Number.isFinite(x)) throw overflowError('cannot convert float infinity to integer');
    return BigInt(f(x));
  });
  rounding('floor', Math.floor);
  rounding('ceil', Math.ceil);
  rounding('trunc', Math.trunc);
  fn('isnan', (args, kw) => Number.isNaN(args1('isnan', args, kw)));
  fn('isinf', (args, kw) => { const x = args1('isinf', args, kw); return x === Infinity || x === -Infinity; });
  fn('isfinite', (args, kw) => Number.isFinite(args1('isfinite', args, kw)));
  fn('copysign', (args) => {
    const [x, y] = [number(args[0]), number(args[1])];
    return (y < 0 || Object.is(y, -0)) !== (x < 0 || Object.is(x, -0)) ? -x : x;
  });
  fn('degrees', (args, kw) => args1('degrees', args, kw) * (180 / Math.PI));
  fn('radians', (args, kw) => args1('radians', args, kw) * (Math.PI / 180));
  fn('isclose', (args, kw) => {
    const { rel_tol, abs_tol } = keywords('isclose', kw, ['rel_tol', 'abs_tol']);
    const [a, b] = [number(args[0]), number(args[1])];
    const rel = rel_tol === undefined ? 1e-9 : number(rel_tol), abs = abs_tol === undefined ? 0 : number(abs_tol);
    if (a === b) return true;
    if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
    const diff = Math.abs(b - a);
    return diff <= Math.abs(rel * b) || diff <= Math.abs(rel * a) || diff <= abs;
  });
  fn('factorial', (args) => {
    const n = intArgument(args[0]);
    if (n < 0n) throw valueError('factorial() not defined for negative values');
    let r = 1n;
    for (let i = 2n; i <= n; i++) r *= i;
    return r;
  });
  m.set('pi', Math.PI);
  m.set('e', Math.E);
  m.set('tau', 2 * Math.PI);
  m.set('inf', Infinity);
  m.set('nan', NaN);
  return m;
}

/** A sequence argument of random.choice, sample and choices, as an array. */
function sequence(rt: Runtime, v: Py, fn: string): Py[] {
  if (Array.isArray(v)) return v;
  if (v instanceof Tuple) return v.items as Py[];
  if (typeof v === 'string') return Array.from(v);
  try {
    return toArray(rt, v);
  } catch {
    throw typeError(`${fn}() argument must be a sequence, not '${typeName(v)}'`);
  }
}

function randomModule(rt: Runtime, random: PyRandom): PyModule {
  const m = new PyModule('random');
  const fn = (name: string, f: (args: Py[], kw: Kwargs | null) => Py) => m.set(name, new Builtin(name, f));
  const num = (given: Py | undefined, fallback?: number): number | bigint | boolean => {
    if (given === undefined && fallback !== undefined) return fallback;
    const v = given === undefined ? given : plain(given);
    if (isNum(v)) return v;
    throw typeError(`unsupported operand type(s): expected a number, got '${typeName(v ?? null)}'`);
  };
  fn('seed', (args) => {
    const a = args[0] ?? null;
    if (a === null) random.seed(BigInt(DEFAULT_SEED));
    else if (isNum(a) || typeof a === 'string') random.seed(a);
    else throw typeError(`The only supported seed types are: None, int, float, str, bytes, and bytearray.`);
    return null;
  });
  fn('random', () => random.random());
  fn('uniform', (args) => random.uniform(num(args[0]), num(args[1])));
  fn('gauss', (args, kw) => {
    const { mu, sigma } = keywords('gauss', kw, ['mu', 'sigma']);
    return random.gauss(num(args[0] ?? mu, 0), num(args[1] ?? sigma, 1));
  });
  fn('normalvariate', (args) => random.normalvariate(num(args[0], 0), num(args[1], 1)));
  fn('randint', (args) => random.randint(num(args[0]), num(args[1])));
  fn('randrange', (args) => random.randrange(num(args[0]), args.length > 1 ? num(args[1]) : null, args.length > 2 ? num(args[2]) : undefined));
  fn('getrandbits', (args) => random.getrandbits(num(args[0])));
  fn('choice', (args) => random.choice(sequence(rt, args[0], 'choice')));
  fn('shuffle', (args) => {
    if (!Array.isArray(args[0])) throw typeError(`'${typeName(args[0])}' object does not support item assignment`);
    random.shuffle(args[0]);
    return null;
  });
  fn('sample', (args, kw) => {
    const { k, counts } = keywords('sample', kw, ['k', 'counts']);
    const countList = counts === undefined || counts === null ? null : sequence(rt, counts, 'sample').map((x) => num(x));
    return random.sample(sequence(rt, args[0], 'sample'), num(args[1] ?? k), countList);
  });
  fn('choices', (args, kw) => {
    const { weights, cum_weights, k } = keywords('choices', kw, ['weights', 'cum_weights', 'k']);
    const w = args[1] ?? weights ?? null;
    return random.choices(
      sequence(rt, args[0], 'choices'),
      w === null ? null : typeof w === 'bigint' || typeof w === 'boolean' ? w : sequence(rt, w, 'choices').map((x) => num(x)),
      cum_weights === undefined || cum_weights === null ? null : sequence(rt, cum_weights, 'choices').map((x) => num(x)),
      k === undefined ? 1n : num(k),
    );
  });
  fn('triangular', (args) => random.triangular(num(args[0], 0), num(args[1], 1), args[2] === undefined || args[2] === null ? null : num(args[2])));
  fn('expovariate', (args) => random.expovariate(num(args[0])));
  fn('lognormvariate', (args) => random.lognormvariate(num(args[0]), num(args[1])));
  return m;
}

function moonsFunction(globalState: RandomState): Builtin {
  return new Builtin('make_moons', (args, kw) => {
    if (args.length > 1) throw typeError(`make_moons() takes from 0 to 1 positional arguments but ${args.length} were given`);
    const { n_samples, shuffle, noise, random_state } = keywords('make_moons', kw, ['n_samples', 'shuffle', 'noise', 'random_state']);
    const n = plain(args[0] ?? n_samples ?? 100n);
    // scikit-learn checks Python types, which the TS side cannot see (100 and 100.0 are
    // one JS number): a float where it wants an int is refused here, in its words.
    if (typeof n === 'number') throw makeMoonsParameterError('n_samples', pythonFloat(n));
    const samples = n instanceof Tuple ? (n.items.map((x) => Number(intArgument(x))) as [number, number]) : Number(intArgument(n));
    const noiseGiven = noise === undefined || noise === null ? null : numberArg(noise);
    if (noiseGiven !== null && !(toFloat(noiseGiven) >= 0 && toFloat(noiseGiven) < Infinity)) {
      throw makeMoonsParameterError('noise', typeof noiseGiven === 'number' ? pythonFloat(noiseGiven) : String(asBig(noiseGiven)));
    }
    const noiseValue = noiseGiven === null ? null : toFloat(noiseGiven);
    const state = random_state === undefined || random_state === null ? null : numberArg(random_state);
    if (typeof state === 'number') throw makeMoonsParameterError('random_state', pythonFloat(state));
    const generator = checkRandomState(typeof state === 'boolean' ? BigInt(state) : state, globalState);
    const { X, y } = makeMoons(samples, shuffle === undefined ? true : shuffle === true, noiseValue, generator);
    return new Tuple([X.map((row) => row.slice()), y.slice()]);
  });
}

function numberArg(given: Py): number | bigint | boolean {
  const v = plain(given);
  if (isNum(v)) return v;
  throw typeError(`expected a number, got '${typeName(v)}'`);
}

/**
 * Makes the modules of one evaluation. `compileLibrary` runs GradLens's library source
 * (micrograd's nn) into a module, through the same compiler as the user's code.
 */
export function installModules(rt: Runtime, compileLibrary: (module: PyModule) => void): void {
  const random = new PyRandom(BigInt(DEFAULT_SEED));
  const math = mathModule();
  const randomMod = randomModule(rt, random);
  const engine = new PyModule('micrograd.engine');
  engine.set('Value', VALUE);
  const nn = new PyModule('micrograd.nn');
  const micrograd = new PyModule('micrograd');
  micrograd.set('engine', engine);
  micrograd.set('nn', nn);
  const datasets = new PyModule('sklearn.datasets');
  datasets.set('make_moons', moonsFunction(new RandomState(DEFAULT_SEED)));
  const sklearn = new PyModule('sklearn');
  sklearn.set('datasets', datasets);
  for (const m of [math, randomMod, engine, nn, micrograd, datasets, sklearn, ...plotModules(rt)]) rt.modules.set(m.name, m);
  compileLibrary(nn);
  // Built in without an import: micrograd's classes and the demo's data set.
  rt.builtins.set('Value', VALUE);
  for (const name of ['Module', 'Neuron', 'Layer', 'MLP']) {
    const cls = nn.get(name);
    if (cls !== undefined) rt.builtins.set(name, cls);
  }
  rt.builtins.set('make_moons', datasets.get('make_moons')!);
}

/** The module an import names, or null when GradLens has none by that name. */
export function findModule(rt: Runtime, name: string): PyModule | null {
  return rt.modules.get(name) ?? null;
}
