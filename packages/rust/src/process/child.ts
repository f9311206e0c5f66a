/**
 * One child process, started with an argument array (never a shell) and awaited: how it ended,
 * and what it wrote on the descriptors given as `'pipe'`. Node's own `child_process`: loading a
 * process library (execa, ESM) cost every batch and executor process about 110 ms here, for the
 * little `run.ts` needs of it.
 */
import { spawn } from 'node:child_process';

/** A child descriptor: the parent's (`inherit`), none, one read back (`pipe`), or an open file's number. */
export type Descriptor = 'inherit' | 'ignore' | 'pipe' | number;

export interface ChildOptions {
  cwd: string;
  /** Set over this process's environment; an `undefined` value removes the variable. */
  env?: Record<string, string | undefined>;
  /** stdin, stdout, stderr, and any further descriptors (fd 3, …). */
  stdio: Descriptor[];
  /** The child leads a process group of its own. */
  detached?: boolean;
  /** Kill the child (SIGTERM) if this process exits while it runs. */
  killOnExit?: boolean;
  /** After `kill`, send SIGKILL if the child still runs this many ms later. */
  forceKillAfterMs?: number;
}

/** How the child ended; neither `exitCode` nor `signal` when it never started (then `code` says why). */
export interface Finished {
  exitCode?: number;
  signal?: string;
  /** Set when the process could not be started (ENOENT: not on PATH, or no such cwd). */
  code?: string;
  /** Why it failed, when it could not be started. */
  originalMessage?: string;
  /** Per descriptor, what the child wrote on it when it was `'pipe'`. */
  stdio: (string | undefined)[];
}

export type Child = Promise<Finished> & { kill(signal: NodeJS.Signals): void };

/** The children to kill when this process exits: one `exit` listener serves them all, set while any runs. */
const killedOnExit = new Set<() => void>();
const killAll = () => {
  for (const kill of killedOnExit) kill();
};

export function startChild(command: string, args: string[], options: ChildOptions): Child {
  const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: options.stdio, detached: options.detached });
  const chunks = options.stdio.map(() => [] as Buffer[]);
  child.stdio.forEach((stream, i) => stream?.on('data', (data: Buffer) => chunks[i].push(data)));

  let forceKill: NodeJS.Timeout | undefined;
  const killThis = () => child.kill('SIGTERM');
  if (options.killOnExit) {
    if (killedOnExit.size === 0) process.on('exit', killAll);
    killedOnExit.add(killThis);
  }
  const ended = new Promise<Finished>((resolve) => {
    let failure: NodeJS.ErrnoException | undefined;
    let settled = false;
    const settle = (code: number | null, signal: NodeJS.Signals | null) => {
      if (settled) return;
      settled = true;
      if (forceKill) clearTimeout(forceKill);
      if (killedOnExit.delete(killThis) && killedOnExit.size === 0) process.off('exit', killAll);
      resolve({
        ...(code === null ? {} : { exitCode: code }),
        ...(signal === null ? {} : { signal }),
        ...(failure ? { code: failure.code, originalMessage: failure.message } : {}),
        stdio: options.stdio.map((d, i) => (d === 'pipe' ? Buffer.concat(chunks[i]).toString('utf8') : undefined)),
      });
    };
    child.once('error', (e: NodeJS.ErrnoException) => {
      failure ??= e;
      // It never started: no exit is coming.
      if (child.pid === undefined) settle(null, null);
    });
    // After the piped descriptors closed too: everything the child wrote is in.
    child.once('close', settle);
  });
  return Object.assign(ended, {
    kill(signal: NodeJS.Signals) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      if (options.forceKillAfterMs !== undefined && !forceKill) forceKill = setTimeout(() => child.kill('SIGKILL'), options.forceKillAfterMs).unref();
    },
  });
}
