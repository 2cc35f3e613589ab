import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs, USAGE } from './args';
import { runCheck } from './check';
import { CliError, EXIT_OK, EXIT_USAGE } from './errors';
import { runEval } from './eval';
import { processIo, type Io } from './io';
import { runRender } from './render';

// The `gradlens` entry point. Every failure ends here as one line on stderr and an
// exit status; a user never sees a stack trace.

async function run(argv: readonly string[], io: Io): Promise<number> {
  const command = parseArgs(argv);
  switch (command.kind) {
    case 'help': io.out(USAGE); return EXIT_OK;
    case 'version': io.out(`gradlens ${version()}\n`); return EXIT_OK;
    case 'eval': return runEval(command.file, command.json, command.limits, io);
    case 'render': return runRender(command, io);
    case 'check': return runCheck(command.file, command.limits, io);
  }
}

/** The version in the package.json beside dist/, where npm installs the bin. */
function version(): string {
  const manifest = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version?: unknown };
  if (typeof manifest.version !== 'string') throw new CliError('package.json has no version');
  return manifest.version;
}

function fail(e: unknown): void {
  if (e instanceof CliError) {
    processIo.err(`gradlens: ${e.message}\n`);
    process.exitCode = e.exitCode;
  } else {
    // A bug of ours, not the user's: still one line, and a way to report it.
    const message = e instanceof Error ? e.message : String(e);
    processIo.err(`gradlens: internal error: ${message} (please report it with the file that caused it)\n`);
    process.exitCode = EXIT_USAGE;
  }
}

// A closed pipe (`gradlens eval f | head`) is not an error worth a trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => { if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0); else fail(e); });
process.on('uncaughtException', fail);
process.on('unhandledRejection', fail);

run(process.argv.slice(2), processIo).then(
  // exitCode, not exit(): a large SVG on a pipe must finish flushing.
  (code) => { process.exitCode = code; },
  fail,
);
