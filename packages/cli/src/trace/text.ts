// Strings from a trace are the traced application's data: a request URL or
// a task name can hold terminal escapes, newlines or bidirectional
// overrides. printable makes one safe to print on a line of a terminal.

// C0 and C1 controls, DEL, line and paragraph separators, bidi embeddings,
// overrides and isolates.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** printable escapes the characters of s that would move the cursor, break the line or reorder text, as \xNN or \uNNNN. */
export function printable(s: string): string {
  return s.replace(UNSAFE, (c) => {
    const n = c.charCodeAt(0);
    return n < 0x100 ? '\\x' + n.toString(16).padStart(2, '0') : '\\u' + n.toString(16).padStart(4, '0');
  });
}
