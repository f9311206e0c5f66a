import type { RunResult } from '../process';

/**
 * Whether a run was stopped rather than failed: someone (Ctrl-C, Nx stopping its tasks) wants
 * the work to end, which says nothing about the code. A stop is seen three ways: a stop signal
 * this process received (nothing new should start), the one that ended cargo, or one that ended
 * a process cargo ran (rustc, a build script, a test binary), as cargo reports it.
 */
export { receivedStopSignal } from '../process';

/** cargo's report of a process it ran that a stop signal ended: `… didn't exit successfully: … (signal: 15, SIGTERM: …)`. */
const CHILD_STOPPED = /didn't exit successfully: .*\(signal: \d+, (SIG(?:INT|TERM|HUP))\b/;

/** The stop signal a line of cargo's output (without colours) says ended a process cargo ran. */
export function childStopSignal(plainLine: string): string | undefined {
  return CHILD_STOPPED.exec(plainLine)?.[1];
}

/** The stop signal a failed cargo call was the doing of, if any: cargo's own, or one that ended a process it ran. */
export function stopOf(run: Pick<RunResult, 'exitCode' | 'interrupted'>, childSignal?: string): string | undefined {
  return run.exitCode === 0 ? undefined : (run.interrupted ?? childSignal);
}

/** What a task's output says of a command a stop ended: `cargo build was interrupted (SIGINT)`. */
export function interruptedNote(what: string, signal: string): string {
  return `${what} was interrupted (${signal})`;
}
