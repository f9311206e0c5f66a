import { CommandNotFoundError, runProcess, type RunOptions, type RunResult } from '../../process';
import { shownCommand } from '../../shown-command';
import { withTargetDirLock } from './target-lock';

/**
 * Runs cargo in `options.cwd` (a Cargo workspace root), one cargo per target folder at a time;
 * a missing cargo becomes an error that says what to do.
 */
export async function runCargo(argv: string[], options: RunOptions): Promise<RunResult> {
  try {
    return await withTargetDirLock(options.cwd, () => runProcess('cargo', argv, options));
  } catch (e) {
    if (e instanceof CommandNotFoundError) {
      throw new Error('cargo was not found on PATH. Install Rust (rustup, or your system packages) so that `cargo --version` works, then run the task again.');
    }
    throw e;
  }
}

/** A cargo command line as the user is shown it. */
export function cargoCommandLine(argv: string[]): string {
  return shownCommand(['cargo', ...argv]);
}
