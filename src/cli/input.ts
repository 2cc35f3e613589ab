import { readFileSync, statSync } from 'node:fs';
import { CliError } from './errors';

/** Reads a .grad file as text, or fails with one line saying why. */
export function readSource(file: string): string {
  let text: string;
  try {
    if (statSync(file).isDirectory()) throw new CliError(`cannot read ${file}: it is a directory`);
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`cannot read ${file}: ${reason(e)}`);
  }
  // Editors hide a byte-order mark; dropping it keeps our columns equal to theirs.
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** A file-system error as a short phrase, without Node's errno prefix and path. */
export function reason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  switch (code) {
    case 'ENOENT': return 'no such file or directory';
    case 'EACCES': case 'EPERM': return 'permission denied';
    case 'EISDIR': return 'it is a directory';
    case 'ENOTDIR': return 'a part of the path is not a directory';
    default: return e instanceof Error ? e.message : String(e);
  }
}
