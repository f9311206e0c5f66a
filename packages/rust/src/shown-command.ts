/**
 * How a command is shown to the user: its words separated by spaces, each one a shell would
 * split or expand in double quotes (JSON escapes), so that it reads as it could be typed.
 */
export function shownCommand(words: string[]): string {
  return words.map((w) => (/^[\w@%+=:,./-]+$/.test(w) ? w : JSON.stringify(w))).join(' ');
}
