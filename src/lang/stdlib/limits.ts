// CPython's C limits that its formatting code checks widths and precisions against,
// so a huge width fails with CPython's error rather than hanging the editor.

export const INT_MAX = 2147483647;
export const PY_SSIZE_T_MAX = 9223372036854775807n;
/** Beyond this V8 cannot build the string; CPython would run out of memory too. */
export const MAX_STRING_LENGTH = 0x1fffffe8;
