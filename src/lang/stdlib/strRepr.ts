import { isPrintable } from './unicode';

// Nothing to escape and no quote to choose: most strings a program prints.
const PLAIN = /^[\x20-\x21\x23-\x26\x28-\x5b\x5d-\x7e]*$/;

function hex(cp: number, width: number): string {
  return cp.toString(16).padStart(width, '0');
}

function escapeCodePoint(cp: number): string {
  if (cp <= 0xff) return `\\x${hex(cp, 2)}`;
  if (cp <= 0xffff) return `\\u${hex(cp, 4)}`;
  return `\\U${hex(cp, 8)}`;
}

/**
 * repr() of a str, as CPython's unicode_repr: single quotes unless the text has a single
 * quote and no double one; \\, \t, \n, \r and the quote escaped; other control and
 * non-printable characters (including lone surrogates) as \xNN, \uNNNN or \UNNNNNNNN.
 */
export function strRepr(s: string): string {
  if (PLAIN.test(s)) return `'${s}'`;
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number;
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (cp < 0x20 || cp === 0x7f) out += escapeCodePoint(cp);
    else if (cp < 0x7f || isPrintable(cp)) out += ch;
    else out += escapeCodePoint(cp);
  }
  return out + quote;
}

/** ascii(): a repr with every non-ASCII code point escaped, as PyObject_ASCII does it. */
export function asciiEscape(repr: string): string {
  if (/^[\x00-\x7f]*$/.test(repr)) return repr;
  let out = '';
  for (const ch of repr) {
    const cp = ch.codePointAt(0) as number;
    out += cp < 0x80 ? ch : escapeCodePoint(cp);
  }
  return out;
}
