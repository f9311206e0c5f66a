/**
 * A child started as the leader of its own process group (`detached`), with everything it starts:
 * for cargo, every rustc, build script and test binary. Cargo does not end them when it is killed
 * outright (SIGKILL from a user, the OOM killer, a CI timeout that hits cargo only), and once cargo
 * is gone they are no longer its children, so nothing else can find them: ending the group is the
 * one way to leave nothing behind. A cargo that finishes on its own has waited for its jobs; what
 * is left in its group then was started to outlive it (a compiler cache's server started by a
 * `RUSTC_WRAPPER`, a daemon a build script spawned) and is left alone, as a lone cargo leaves it.
 */

/** What the group needs of the child: its pid, and its `exit` event. */
export interface GroupLeader {
  pid?: number;
  once(event: 'exit', listener: (code: number | null, signal: NodeJS.Signals | null) => void): unknown;
}

/**
 * Whether a child gets a process group of its own. Not when it reads this process's terminal: it
 * then stays in the terminal's group, so that the terminal's Ctrl-C and Ctrl-Z and its /dev/tty
 * reach it directly (a program run by `cargo run`). Windows has no process groups of this kind.
 */
export function ownsGroup(readsTerminal: boolean): boolean {
  return process.platform !== 'win32' && !readsTerminal;
}

/** How long the group has to stop after a stop signal before it is killed. */
export const GRACE_MS = 5000;

export class ProcessGroup {
  private leaderRunning = true;
  private stopping = false;
  private forceKill: NodeJS.Timeout | undefined;

  private constructor(
    private readonly pid: number,
    private readonly graceMs: number,
  ) {}

  /** The group led by `leader`; undefined when it did not start (no pid). */
  static of(leader: GroupLeader, graceMs = GRACE_MS): ProcessGroup | undefined {
    if (!leader.pid) return undefined;
    const group = new ProcessGroup(leader.pid, graceMs);
    leader.once('exit', (_code, signal) => {
      // Killed (by anyone), or asked to stop: what it started may still be running, and is
      // unfinished work nobody waits for. Otherwise its jobs are done and the rest is meant to stay.
      if (signal !== null || group.stopping) group.kill();
      group.leaderRunning = false;
      clearTimeout(group.forceKill);
    });
    return group;
  }

  /**
   * Passes a stop signal to every process of the group, as a terminal's Ctrl-C does to its own
   * group (the child is not in the terminal's); those still running after a grace period are
   * killed. Nothing once the leader has exited: the group was swept then.
   */
  stop(signal: NodeJS.Signals): void {
    if (!this.leaderRunning) return;
    this.stopping = true;
    this.signal(signal);
    // unref: a pending kill must not keep this process alive once everything has ended.
    this.forceKill ??= setTimeout(() => this.kill(), this.graceMs).unref();
  }

  /** Kills every process of the group at once (nobody waits for it any more, or it must end). */
  kill(): void {
    this.signal('SIGKILL');
  }

  private signal(signal: NodeJS.Signals): void {
    // Only while the group is known to exist: once the leader has exited and its exit was
    // handled, its number may belong to someone else.
    if (this.leaderRunning) signalGroup(this.pid, signal);
  }
}

/** Sends `signal` to every process of the group `pgid`. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // ESRCH: no process of the group is left.
  }
}
