/**
 * A child started as the leader of its own process group (`detached`), with everything it starts:
 * for cargo, every rustc, build script and test binary. Cargo does not end them when it is killed
 * outright (SIGKILL from a user, the OOM killer, a CI timeout that hits cargo only), and once cargo
 * is gone they are no longer its children, so nothing else can find them: ending the group is the
 * one way to leave nothing behind.
 */

/** What the group needs of the child: its pid, and its `exit` event. */
export interface GroupLeader {
  pid?: number;
  once(event: 'exit', listener: () => void): unknown;
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
const GRACE_MS = 5000;

export class ProcessGroup {
  private running = true;
  private forceKill: NodeJS.Timeout | undefined;
  // This process is going away (an exit, not a signal it handles): nothing must outlive it.
  private readonly onExit = () => this.signal('SIGKILL');

  private constructor(private readonly pid: number) {
    process.once('exit', this.onExit);
  }

  /** The group led by `child`; undefined when it did not start (no pid). */
  static of(child: GroupLeader): ProcessGroup | undefined {
    if (!child.pid) return undefined;
    const group = new ProcessGroup(child.pid);
    // The leader ended, for whatever reason: whatever it started and left running goes too.
    child.once('exit', () => {
      group.signal('SIGKILL');
      group.running = false;
      group.dispose();
    });
    return group;
  }

  /**
   * Passes a stop signal to every process of the group, as a terminal's Ctrl-C does to its own
   * group (the child no longer gets that one); those still running after a grace period are killed.
   */
  stop(signal: NodeJS.Signals): void {
    this.signal(signal);
    this.forceKill ??= setTimeout(() => this.signal('SIGKILL'), GRACE_MS);
  }

  /** No more need to watch over the group (its leader has exited). */
  dispose(): void {
    clearTimeout(this.forceKill);
    process.off('exit', this.onExit);
  }

  private signal(signal: NodeJS.Signals): void {
    // Only while the group is known to exist: once the leader has exited and the group was
    // killed, its number may belong to someone else.
    if (!this.running) return;
    try {
      process.kill(-this.pid, signal);
    } catch {
      // ESRCH: no process of the group is left.
    }
  }
}
