/**
 * The one place text is made safe for a terminal. Dataset strings (a title, a CSV header, a resource path,
 * any value) reach messages, tables and progress lines; a terminal obeys the control characters in them
 * (ESC starts sequences that move the cursor, recolour or retitle the window, or set the clipboard with
 * OSC 52; CR overwrites the line; bidi overrides reorder what is shown). Here such characters are shown as
 * `\uXXXX` instead of being obeyed. The `\uXXXX` form is also a valid JSON escape, so JSON printed by the
 * CLI stays parseable.
 */

// C0 controls except tab and line feed, DEL, C1 controls, the Arabic letter mark, LRM/RLM, LINE/PARAGRAPH
// SEPARATOR, bidi embeddings/overrides/isolates, and lone surrogates.
const UNSAFE =
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Like UNSAFE, also tab and line feed: for text that must stay on one line. */
const UNSAFE_ONE_LINE =
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function escapeUnit(char: string): string {
  return `\\u${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * `text` with every character a terminal would obey (other than tab and line feed) shown as `\uXXXX`:
 * `"\u001b]52;c;..."` prints as the six characters `\u001B` followed by `]52;c;...`. Printable text,
 * including any non-ASCII letter, is unchanged.
 */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, escapeUnit);
}

/** {@link terminalSafe}, and tab and line feed escaped too: for a label that must stay on one line. */
export function terminalSafeLine(text: string): string {
  return text.replace(UNSAFE_ONE_LINE, escapeUnit);
}

/** How many characters of a dataset string a message shows before cutting it. */
export const MESSAGE_TEXT_LIMIT = 200;

/**
 * `text` cut to `limit` characters for a message, with `... (N more characters)` saying what was left out
 * (a wide ragged row would otherwise put megabytes on stderr). Never cuts a surrogate pair in half.
 */
export function cutForMessage(text: string, limit: number = MESSAGE_TEXT_LIMIT): string {
  if (text.length <= limit) return text;
  let end = limit;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}... (${text.length - end} more characters)`;
}
