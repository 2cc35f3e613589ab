import { writeFileSync } from 'node:fs';
import { CliError } from './errors';
import { reason } from './input';

/** Where a command writes: stdout for results, stderr for diagnostics and messages. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
}

export const processIo: Io = {
  out: (text) => { process.stdout.write(text); },
  err: (text) => { process.stderr.write(text); },
};

export function writeOutput(file: string, text: string): void {
  try {
    writeFileSync(file, text);
  } catch (e) {
    throw new CliError(`cannot write ${file}: ${reason(e)}`);
  }
}
