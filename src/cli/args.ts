import { CliError } from './errors';
import { DEFAULT_BUDGET as DEFAULT_SUMMARY_BUDGET } from '../graph/summary';

// The whole command-line grammar. Parsing only: no file is touched here.

/** The evaluation bounds a command runs under: `--max-nodes` and `--time-budget`. */
export interface Limits {
  maxNodes: number;
  timeBudgetMs: number;
}

/**
 * The command line's bounds: the editor's node bound, and a minute of time, since a
 * training run from a terminal (micrograd's demo: about a second) is expected to take
 * a while, where the editor must answer every keystroke.
 */
export const DEFAULT_LIMITS: Limits = { maxNodes: 200_000, timeBudgetMs: 60_000 };

export type Command =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'eval'; file: string; json: boolean; limits: Limits }
  | { kind: 'render'; file: string; cell: number | null; format: 'svg' | 'dot'; out: string | null; budget: number; edgeDerivatives: boolean; limits: Limits }
  | { kind: 'check'; file: string; limits: Limits };

const COMMANDS = ['eval', 'render', 'check'] as const;
type CommandName = (typeof COMMANDS)[number];

/** Which flags each command takes, and whether the flag takes a value. */
const LIMIT_FLAGS = { '--max-nodes': 'value', '--time-budget': 'value' } as const;
const FLAGS: Record<CommandName, Record<string, 'switch' | 'value'>> = {
  eval: { '--json': 'switch', ...LIMIT_FLAGS },
  render: { '--cell': 'value', '--format': 'value', '-o': 'value', '--output': 'value', '--budget': 'value', '--edge-derivatives': 'switch', ...LIMIT_FLAGS },
  check: { ...LIMIT_FLAGS },
};

export function parseArgs(argv: readonly string[]): Command {
  if (argv.includes('--help') || argv.includes('-h') || argv[0] === 'help') return { kind: 'help' };
  if (argv.includes('--version')) return { kind: 'version' };
  if (argv.length === 0) throw new CliError('no command given (try gradlens --help)');
  const name = argv[0];
  if (!(COMMANDS as readonly string[]).includes(name)) {
    throw new CliError(name.startsWith('-')
      ? `unknown option '${name}' (try gradlens --help)`
      : `unknown command '${name}': expected eval, render or check`);
  }
  const command = name as CommandName;
  const flags = new Map<string, string>();
  const positionals: string[] = [];
  let optionsEnded = false;
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i];
    if (optionsEnded || arg === '-' || !arg.startsWith('-')) { positionals.push(arg); continue; }
    if (arg === '--') { optionsEnded = true; continue; }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq >= 0 ? arg.slice(0, eq) : arg;
    const kind = FLAGS[command][flag];
    if (kind === undefined) throw new CliError(`unknown option '${flag}' for ${command}`);
    if (flags.has(flag)) throw new CliError(`option '${flag}' given twice`);
    if (kind === 'switch') {
      if (eq >= 0) throw new CliError(`option '${flag}' takes no value`);
      flags.set(flag, '');
    } else if (eq >= 0) {
      flags.set(flag, arg.slice(eq + 1));
    } else {
      if (i + 1 >= argv.length) throw new CliError(`option '${flag}' needs a value`);
      flags.set(flag, argv[++i]);
    }
  }
  // The messages are printed after 'gradlens: ', so they name the command, not the program.
  if (positionals.length === 0) throw new CliError(`${command} needs a FILE (try gradlens --help)`);
  if (positionals.length > 1) throw new CliError(`unexpected argument '${positionals[1]}': ${command} takes one FILE`);
  const file = positionals[0];
  if (file === '') throw new CliError(`${command} needs a FILE: the file name given is empty`);
  const limits: Limits = {
    maxNodes: positiveInteger(flags.get('--max-nodes'), '--max-nodes', 'a number of nodes') ?? DEFAULT_LIMITS.maxNodes,
    timeBudgetMs: positiveInteger(flags.get('--time-budget'), '--time-budget', 'milliseconds') ?? DEFAULT_LIMITS.timeBudgetMs,
  };

  switch (command) {
    case 'eval':
      return { kind: 'eval', file, json: flags.has('--json'), limits };
    case 'check':
      return { kind: 'check', file, limits };
    case 'render': {
      if (flags.has('-o') && flags.has('--output')) throw new CliError(`options '-o' and '--output' are the same; give one`);
      const format = flags.get('--format') ?? 'svg';
      if (format !== 'svg' && format !== 'dot') throw new CliError(`--format must be svg or dot, not '${format}'`);
      const out = flags.get('-o') ?? flags.get('--output') ?? null;
      if (out === '') throw new CliError(`option '-o' needs a file name`);
      const budget = positiveInteger(flags.get('--budget'), '--budget', 'a number of drawn nodes') ?? DEFAULT_SUMMARY_BUDGET;
      return { kind: 'render', file, cell: parseCell(flags.get('--cell')), format, out, budget, edgeDerivatives: flags.has('--edge-derivatives'), limits };
    }
  }
}

function positiveInteger(text: string | undefined, flag: string, what: string): number | undefined {
  if (text === undefined) return undefined;
  const digits = text.replace(/_/g, '');
  if (!/^\d+$/.test(digits) || Number(digits) < 1) throw new CliError(`${flag} expects ${what}, a whole number above 0, not '${text}'`);
  return Number(digits);
}

function parseCell(text: string | undefined): number | null {
  if (text === undefined) return null;
  if (!/^\d+$/.test(text)) throw new CliError(`--cell expects a cell number (0, 1, ...), not '${text}'`);
  return Number(text);
}

export const USAGE = `gradlens: evaluate, draw and check .grad files (micrograd-style scalar autograd)

Usage:
  gradlens eval FILE [--json] [LIMITS]
      Evaluate every cell; print each cell's values (name, data, grad) and printed
      lines. A cell with an error shows no gradients, as in the editor. With --json,
      print one JSON document instead.
  gradlens render FILE [--cell N] [--format svg|dot] [-o OUT] [--budget N]
                [--edge-derivatives] [LIMITS]
      Draw a cell's graph as the lecture's draw_dot does, left to right. Cells are
      numbered from 0; the default is the last cell that has an output. The default
      format is svg; the default output is stdout. A cell with an error is not
      drawn. A graph of more than N drawn nodes (default 300) is drawn as a
      summary: one box per function call, loop iteration or repeated expression,
      as the graph panel shows it. --edge-derivatives writes each operand edge's
      local derivative on it (de/da = b = -3), as the panel's ∂ button does.
  gradlens check FILE [LIMITS]
      Compare the gradient of every value in a cell's graph but the constants
      (leaves and intermediate results alike) with a central-difference estimate
      of the cell's output. A cell with an error is not checked.
  gradlens --help | --version

LIMITS:
  --max-nodes N       most graph nodes alive at once (default 200000)
  --time-budget MS    longest an evaluation may run, in milliseconds (default 60000)

Diagnostics are printed as FILE:LINE:COL: error|warning: message (1-based).
Exit status: 0 no errors (also when there is nothing to draw or check); 1 the file
has errors or a check failed; 2 usage error or a file that cannot be read or written.
`;
