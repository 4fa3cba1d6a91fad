// Text from outside the action (file names, URLs, provider task IDs, codes and messages) on its way
// to the runner: the log, annotations, step outputs and the job summary. Whatever it contains, it
// must not become a workflow command, a second output line or markup.
//
// What the runner takes as a command (actions/runner, ActionCommand.cs, on each line of stdout and
// stderr as StreamReader.ReadLine splits them, i.e. at \n, \r and \r\n):
// - `::name …::data` when the line, after TrimStart() (any Unicode white space), starts with `::`;
// - `##[name …]data` anywhere in the line (the older form, still parsed).
// Both tests are culture-sensitive .NET string comparisons, which skip ignorable code points (format
// characters such as U+00AD or U+200B, combining marks without a base): those are allowed between
// the significant characters below.

// C0 and C1 controls, DEL, the Unicode line and paragraph separators, and the bidirectional
// embedding, override and isolate controls (which can make a log line read backwards).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' }

/** `text` with every control character shown as an escape (`\n`, `\u001b`): one visible line. */
export function escapeControls(text: string): string {
  return text.replace(
    CONTROL,
    c => NAMED[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`
  )
}

const IGNORABLE = '[\\p{Cf}\\p{Mn}\\p{Me}]*'
const COMMAND_START = new RegExp(`^[\\s\\p{Cf}\\p{Mn}\\p{Me}]*:${IGNORABLE}:`, 'u')
const OLD_COMMAND = new RegExp(`#(${IGNORABLE})#(${IGNORABLE})\\[`, 'gu')

/**
 * One line for the log (plain stdout, or the message of `::warning::` and its kind): controls
 * escaped, a leading `::` behind a backslash, and `##[` as `##\[`. Applying it twice changes
 * nothing more, so every sink may apply it whatever its callers did.
 */
export function logLine(text: string): string {
  const line = escapeControls(text).replace(OLD_COMMAND, '#$1#$2\\[')
  return COMMAND_START.test(line) ? `\\${line}` : line
}

/** Several lines (a stack trace): each a safe log line, still one per line. */
export function logLines(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map(line => logLine(line))
    .join('\n')
}

// White space, controls, format characters, and the list separator and the escape character.
const NOT_IN_TOKEN = /[\s\p{Cc}\p{Cf}\p{Cs},%]/gu

/**
 * One item of a comma-separated output (`refresh-task-ids`): white space, controls, commas and `%`
 * percent-encoded (UTF-8), so that an ID can never split the list or make the value multi-line.
 * Ordinary IDs are unchanged.
 */
export function outputToken(text: string): string {
  return text.replace(NOT_IN_TOKEN, c =>
    [...Buffer.from(c, 'utf8')]
      .map(b => `%${b.toString(16).toUpperCase().padStart(2, '0')}`)
      .join('')
  )
}

// HTML's special characters, and what Markdown gives meaning to inline (emphasis, code, links and
// images, tables, strikethrough, math, backslash escapes). As numeric references they read the same
// in an HTML block and in a Markdown paragraph or table cell, and mean nothing in either.
const MARKUP = /[&<>"`*_[\]\\|~$]/g

/**
 * Text for the job summary, in HTML (`<li>`, `<code>`) or Markdown (a table cell, a quote):
 * controls shown as escapes (no line break can end an HTML block or a table row), markup inert.
 * Not for inside a Markdown code span, where references show as typed: use `<code>` instead.
 */
export function summaryText(text: string): string {
  return escapeControls(text).replace(MARKUP, c => `&#${c.charCodeAt(0)};`)
}
