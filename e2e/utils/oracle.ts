/**
 * The oracle of the cache tests: after a change that really changes a task's result, what Nx gave
 * (often a replay from its cache) must equal what a fresh lone cargo run gives. Each case is
 * printed (the issue asks for both results side by side) and kept for a table at the end of the
 * suite.
 */
export interface OracleCase {
  /** What was changed, in a few words. */
  name: string;
  /** What Nx gave: a binary's output, `passed`/`failed`, … */
  nx: string;
  /** What `cargo <cmd> -p <crate>` alone (or the task with --skip-nx-cache) gave. */
  cargo: string;
  /** How Nx got its result: `cache` when it replayed one, `run` when it ran the task. */
  via?: string;
}

const cases: OracleCase[] = [];

/** Records and prints one case; the caller asserts `nx === cargo`. */
export function oracle(c: OracleCase): OracleCase {
  cases.push(c);
  const via = c.via ? ` (${c.via})` : '';
  console.log(`[oracle] ${c.name}\n  nx${via}: ${oneLine(c.nx)}\n  lone cargo: ${oneLine(c.cargo)}\n  ${c.nx === c.cargo ? 'same' : 'DIFFERENT'}`);
  return c;
}

/** Every case recorded by this test file, as a Markdown table (print it in an afterAll). */
export function oracleTable(): string {
  const rows = cases.map((c) => `| ${c.name} | ${oneLine(c.nx)}${c.via ? ` (${c.via})` : ''} | ${oneLine(c.cargo)} | ${c.nx === c.cargo ? 'same' : 'DIFFERENT'} |`);
  return ['| case | nx | lone cargo | |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

const oneLine = (text: string) => text.trim().replace(/\s*\n\s*/g, ' / ');
