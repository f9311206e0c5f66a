/**
 * `node supervisor.js <command> [args…]`: runs the command as the leader of a process group of its
 * own and watches over that group for the process that started this one (run.ts).
 *
 * Why a process in between: the command's group must be separate from its starter's, so that the
 * group can be swept when the command is killed outright (see group.ts); but then a kill of the
 * starter's group (a CI timeout, `kill -9 -<pgid>`, a terminal closed with SIGKILL) no longer
 * reaches the command, and nothing in the dead starter can act. This process lives in a third
 * group, which that kill does not reach either, and notices the starter's death by the socket
 * between them closing.
 *
 * - A stop signal it gets (from its starter) is passed on to the command's group; what still runs
 *   after the grace period is killed.
 * - When the starter is gone, the group is killed at once: nobody waits for the result, and cargo
 *   must not go on holding the target folder's lock.
 * - When the command ends, the group is swept only if the command was killed or asked to stop;
 *   after a normal end (even a failure), processes meant to outlive it are left alone.
 *
 * The command inherits this process's stdin, stdout and stderr unchanged (a terminal, the merged
 * output file, a pipe), and its environment, with NODE_OPTIONS given back. Keep this file small:
 * it is loaded once per cargo call.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { Socket } from 'node:net';
import { ProcessGroup } from './group';
import { CHANNEL_FD, encodeReport, NODE_OPTIONS_CARRIER, type Report } from './supervisor-protocol';

const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

function commandEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { [NODE_OPTIONS_CARRIER]: nodeOptions, NODE_OPTIONS: _own, ...rest } = env;
  return nodeOptions === undefined ? rest : { ...rest, NODE_OPTIONS: nodeOptions };
}

function supervise(command: string, args: string[]): void {
  const channel = new Socket({ fd: CHANNEL_FD, readable: true, writable: true });
  let group: ProcessGroup | undefined;
  let finished = false;
  const finish = (report: Report) => {
    if (finished) return;
    finished = true;
    channel.end(encodeReport(report), () => process.exit(0));
  };
  // The socket closes when the starter's process ends, and also once it has read the last report.
  const starterGone = () => {
    group?.kill();
    process.exit(finished ? 0 : 1);
  };
  channel.on('end', starterGone);
  channel.on('error', starterGone);
  channel.resume();
  // Passed on, not obeyed: this process ends when the command has.
  for (const signal of STOP_SIGNALS) process.on(signal, () => group?.stop(signal));

  let child: ChildProcess;
  try {
    child = spawn(command, args, { stdio: 'inherit', detached: true, env: commandEnv(process.env) });
  } catch (e) {
    finish({ failed: { code: (e as NodeJS.ErrnoException).code, message: (e as Error).message } });
    return;
  }
  group = ProcessGroup.of(child);
  if (child.pid) channel.write(encodeReport({ started: child.pid }));
  child.once('error', (e: NodeJS.ErrnoException) => {
    // Before it ran (not on PATH, not executable): no exit event follows.
    if (!group) finish({ failed: { code: e.code, message: e.message } });
  });
  // After the group's own exit listener: the group has been swept when it had to be.
  child.once('exit', (code, signal) => finish({ exited: { code, signal } }));
}

if (require.main === module) {
  const [command, ...args] = process.argv.slice(2);
  if (!command) {
    process.stderr.write('usage: supervisor.js <command> [args…]\n');
    process.exit(2);
  }
  supervise(command, args);
}
