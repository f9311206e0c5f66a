import { cargoCommandLine } from './cargo-process';
import { withoutColours } from './colours';
import { isStatusLine } from './messages';

/** `--verbose` (Nx sets NX_VERBOSE_LOGGING): each cargo call is shown, and how it ended. */
export function isVerbose(): boolean {
  return process.env.NX_VERBOSE_LOGGING === 'true';
}

/** `--verbose`: the cargo call about to start, where, and which variables the task's options set. */
export function verboseCommand(argv: string[], cwd: string, env: Record<string, string> | undefined): string {
  return `> ${cargoCommandLine(argv)}  (in ${cwd}${envNote(env)})\n`;
}

/** The environment a task's options set for cargo, as `--verbose` names it. */
function envNote(env: Record<string, string> | undefined): string {
  const names = Object.keys(env ?? {});
  return names.length ? `; env: ${names.join(', ')}` : '';
}

/** `--verbose`: how cargo ended, and what it said that no task was credited with. */
export function verboseReport(exitCode: number, shared: string[]): string {
  // Its status lines were shown as they came.
  const lines = shared.filter((l) => l.trim() !== '' && !isStatusLine(withoutColours(l)));
  const said = lines.length ? `, and said, of no crate in particular:\n${lines.map((l) => `  ${l}`).join('\n')}` : '';
  return `cargo exited with ${exitCode}${said}\n`;
}
