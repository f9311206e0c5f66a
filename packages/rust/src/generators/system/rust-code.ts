/**
 * Lines of Rust whose layout depends on the crate's name. The generated code must be exactly
 * as rustfmt (default settings, any style edition) would write it; a `use` line that a long
 * name pushes past rustfmt's 100 columns is broken the way rustfmt breaks it.
 */
const MAX_WIDTH = 100;

/** `use path::{A, B};`, items given in rustfmt's order. */
export function rustUse(path: string, items: string[]): string {
  const line = `use ${path}::{${items.join(', ')}};`;
  if (line.length <= MAX_WIDTH) return line;
  return `use ${path}::{\n    ${items.join(', ')},\n};`;
}
