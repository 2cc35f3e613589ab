// Python's builtins that GradLens leaves out, each with the reason. Without it a
// learner who writes `@staticmethod` reads only "name is not defined" and looks for
// a typo.

const CONSOLE = 'it belongs to the interactive Python console';
const NAMESPACES = 'scopes are compiled to slots, not dicts a program can read';
const BYTES = 'there is str but no bytes';
const METHOD_KINDS =
  'there are no descriptors, so a method always takes self; write a plain function outside the class';

const REASONS: ReadonlyMap<string, string> = new Map([
  ['staticmethod', METHOD_KINDS],
  ['classmethod', METHOD_KINDS],
  ['property', 'there are no descriptors; call a method, or set the attribute in __init__'],
  ['open', 'a .grad file reads and writes no files'],
  ['input', 'a .grad file runs with no console to read from'],
  ['eval', 'a .grad file runs only its own code'],
  ['exec', 'a .grad file runs only its own code'],
  ['compile', 'a .grad file runs only its own code'],
  ['complex', 'there are no complex numbers'],
  ['bytes', BYTES],
  ['bytearray', BYTES],
  ['memoryview', BYTES],
  ['globals', NAMESPACES],
  ['locals', NAMESPACES],
  ['vars', NAMESPACES],
  ['dir', NAMESPACES],
  ['delattr', 'use `del obj.name`'],
  ['slice', 'write the slice with brackets, `xs[a:b]`'],
  ['ascii', "format with `f'{x!a}'`"],
  ['aiter', 'code runs synchronously'],
  ['anext', 'code runs synchronously'],
  ['breakpoint', CONSOLE],
  ['help', CONSOLE],
  ['exit', CONSOLE],
  ['quit', CONSOLE],
  ['copyright', CONSOLE],
  ['credits', CONSOLE],
  ['license', CONSOLE],
  ['super', 'super() works only as a call with no arguments, inside a method'],
]);

/** Why a Python builtin is missing, or null for a name Python does not have either. */
export function missingBuiltinReason(name: string): string | null {
  return REASONS.get(name) ?? null;
}
