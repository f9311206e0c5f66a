/** cargo's and rustc's colour codes (SGR: `ESC[…m`). */
const COLOURS = /\u001b\[[0-9;]*m/g;

/** A line of cargo's output as it reads without colours. */
export function withoutColours(text: string): string {
  return text.replace(COLOURS, '');
}
