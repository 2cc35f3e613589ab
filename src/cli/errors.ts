// Exit statuses the command line promises: 0 clean, 1 the file has errors (or a check
// failed), 2 the command could not run as asked (usage, unreadable or unwritable file).
export const EXIT_OK = 0;
export const EXIT_PROBLEMS = 1;
export const EXIT_USAGE = 2;

/** A failure to report as one line on stderr with the given exit status, never a stack trace. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode: number = EXIT_USAGE) {
    super(message);
    this.name = 'CliError';
  }
}
