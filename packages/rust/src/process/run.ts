/**
 * The one place that starts processes (through `child.ts`): argument arrays, never a shell. Output is
 * either passed straight to this process's terminal (live, with cargo's own colours and progress)
 * or merged into one ordered stream of lines: the child's stdout and stderr are both one
 * descriptor of a temporary file opened for appending, so `Running …` headers (stderr) and the
 * test output after them (stdout) keep their order, which two pipes would not guarantee, and
 * nothing waits for a process that outlives the child and holds them. A child that does not read
 * this process's terminal runs in a process group of its own, watched over by a small supervisor process
 * (supervisor.ts) that ends the group when the child is killed or stopped, or when this process
 * dies in any way.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { startChild, type Descriptor, type Finished } from './child';
import { ownsGroup, signalGroup } from './group';
import { decodeReports, NODE_OPTIONS_CARRIER } from './supervisor-protocol';

export interface RunOptions {
  cwd: string;
  env?: Record<string, string | undefined>;
  /**
   * `inherit`: the child writes to this terminal; stdout is still captured when `captureStdout`.
   * `lines`: stdout and stderr merged in order, delivered line by line to `onLine`.
   */
  output: 'inherit' | 'lines';
  captureStdout?: boolean;
  onLine?: (line: string) => void;
  /** `lines`: the start of a line the child has not finished yet (a progress bar it redraws in place), when it changes. */
  onPartial?: (text: string) => void;
  /**
   * `false` for a short command that starts no processes of its own (`cargo tree`): it then runs
   * without the supervisor (and its node start-up), in this process's group, stopped with it.
   */
  supervise?: boolean;
}

export interface RunResult {
  exitCode: number;
  /** Set when the process was ended by a signal. */
  signal?: string;
  /** Captured stdout (`inherit` with `captureStdout`). */
  stdout: string;
  /**
   * Set when the run was stopped rather than finished: the stop signal this process received while
   * the child ran (Ctrl-C, Nx stopping its tasks), or the one that ended the child.
   */
  interrupted?: string;
}

/** The program is not installed (not on PATH). */
export class CommandNotFoundError extends Error {
  constructor(readonly command: string) {
    super(`${command} was not found on PATH`);
  }
}

const FORWARDED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
/** Signals that end a process because someone wants it stopped, not because it failed. */
const STOP_SIGNALS = new Set<string>([...FORWARDED_SIGNALS, 'SIGKILL']);
const SUPERVISOR = join(__dirname, 'supervisor.js');
/** The supervisor as an error message names it. */
const ITS_SUPERVISOR = `its supervisor (${process.execPath} ${SUPERVISOR})`;

let stopSignal: string | undefined;

/**
 * The first stop signal this process received while a child ran, if any: whoever sent it wants
 * the work to end, so nothing new should start.
 */
export function receivedStopSignal(): string | undefined {
  return stopSignal;
}

/**
 * The children running now, each as the way to pass a stop signal on to it. One listener per
 * signal serves them all, installed while any runs: however many run at once, and this process's
 * own reaction to a signal is unchanged when none does.
 */
const running = new Set<(signal: NodeJS.Signals) => void>();
const listeners = FORWARDED_SIGNALS.map(
  (signal) =>
    [
      signal,
      () => {
        stopSignal ??= signal;
        for (const stop of running) stop(signal);
      },
    ] as const,
);

/** Registers a running child's stop; returns its removal. */
function whileRunning(stop: (signal: NodeJS.Signals) => void): () => void {
  if (running.size === 0) for (const [signal, listener] of listeners) process.on(signal, listener);
  running.add(stop);
  return () => {
    running.delete(stop);
    if (running.size === 0) for (const [signal, listener] of listeners) process.off(signal, listener);
  };
}

/** How the child ended. */
interface Ending {
  code?: number | null;
  signal?: string | null;
}

export async function runProcess(command: string, args: string[], options: RunOptions): Promise<RunResult> {
  const merged = options.output === 'lines' ? mergedOutput() : undefined;
  const supervised = options.supervise !== false && ownsGroup(options.output === 'inherit' && process.stdin.isTTY === true);
  const stdin = options.output === 'inherit' ? 'inherit' : 'ignore';
  // Both streams are the one descriptor, handed to the child as they are: each write lands at
  // the file's end, in order.
  const stdout: Descriptor = merged?.fd ?? (options.captureStdout ? 'pipe' : 'inherit');
  const stderr: Descriptor = merged?.fd ?? 'inherit';
  const child = supervised
    ? // The supervisor leads a group of its own (a kill of this process's group does not reach
      // it) and hands its stdio to the child unchanged; fd 3 is the socket it reports on. Its
      // grace period is the supervisor's business: it is never killed before cargo.
      startChild(process.execPath, [SUPERVISOR, command, ...args], { cwd: options.cwd, env: supervisorEnv(options.env), stdio: [stdin, stdout, stderr, 'pipe'], detached: true })
    : // In the terminal's group: the terminal's Ctrl-C reached the child already; stop it if this
      // process goes away, and give it time to finish writing after a signal.
      startChild(command, args, { cwd: options.cwd, env: options.env, stdio: [stdin, stdout, stderr], killOnExit: true, forceKillAfterMs: 5000 });
  // A stop signal this process gets (Ctrl-C in its terminal, Nx stopping a task) is passed on (by
  // the supervisor, to the child's whole group), and this process waits for the child to exit.
  let received: string | undefined;
  const done = whileRunning((signal) => {
    received ??= signal;
    child.kill(signal);
  });
  const timer = merged && setInterval(() => merged.drain(options.onLine, false, options.onPartial), 50);
  try {
    const result = await child;
    if (notStarted(result)) throw startFailure(result, command, options.cwd, supervised);
    const ending = supervised ? supervisedEnding(result, command) : { code: result.exitCode, signal: result.signal };
    const signal = ending.signal ?? undefined;
    const interrupted = received ?? (signal && STOP_SIGNALS.has(signal) ? signal : undefined);
    return {
      exitCode: ending.code ?? (signal ? signalExitCode(signal) : 1),
      signal,
      stdout: result.stdio[1] ?? '',
      ...(interrupted ? { interrupted } : {}),
    };
  } finally {
    done();
    if (timer) clearInterval(timer);
    merged?.drain(options.onLine, true);
    merged?.close();
  }
}

/** The process started (the command, or the supervisor) never ran: no exit code, no signal. */
function notStarted(result: Finished): boolean {
  return result.exitCode === undefined && result.signal === undefined;
}

/** Why the command did not start: the folder it runs in, the command itself, or the supervisor. */
function startFailure(result: Finished, command: string, cwd: string, supervised: boolean): Error {
  // The same ENOENT as a missing program: tell them apart by looking.
  const folder = statSync(cwd, { throwIfNoEntry: false });
  if (!folder) return new Error(`${command} could not be started: its working folder ${cwd} does not exist`);
  if (!folder.isDirectory()) return new Error(`${command} could not be started: its working folder ${cwd} is not a folder`);
  if (!supervised && result.code === 'ENOENT') return new CommandNotFoundError(command);
  const what = supervised ? `${ITS_SUPERVISOR} did not start` : 'it did not start';
  return new Error(`${command} could not be started: ${what}: ${result.originalMessage ?? result.code ?? 'unknown error'}`);
}

/** The child's end as the supervisor reported it. */
function supervisedEnding(result: Finished, command: string): Ending {
  const reports = decodeReports(String(result.stdio[3] ?? ''));
  if (reports.failed) {
    if (reports.failed.code === 'ENOENT') throw new CommandNotFoundError(command);
    throw new Error(`${command} could not be started: ${reports.failed.message}`);
  }
  if (reports.exited) return reports.exited;
  // The supervisor itself ended first (killed on its own, or it failed, saying why on stderr):
  // nothing watches the child's group any more, so it goes now.
  if (reports.started) signalGroup(reports.started, 'SIGKILL');
  else if (result.exitCode !== undefined && result.exitCode !== 0) {
    // It failed before it started the command (its own error is in the output).
    throw new Error(`${command} could not be started: ${ITS_SUPERVISOR} exited with code ${result.exitCode}`);
  }
  return { code: result.exitCode, signal: result.signal };
}

/** A signal's death as a shell reports it in `$?`: 128 + the signal's number (143 for SIGTERM). */
function signalExitCode(signal: string): number {
  return 128 + (constants.signals[signal as NodeJS.Signals] ?? 0);
}

/** The supervisor's environment: the child's, with NODE_OPTIONS kept for the child alone. */
function supervisorEnv(env: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  const nodeOptions = 'NODE_OPTIONS' in env ? env.NODE_OPTIONS : process.env.NODE_OPTIONS;
  return { ...env, NODE_OPTIONS: undefined, [NODE_OPTIONS_CARRIER]: nodeOptions };
}

/** A temporary file both output streams of the child append to (`fd`), read back as lines. */
function mergedOutput() {
  const dir = mkdtempSync(join(tmpdir(), 'ms-rust-'));
  const file = join(dir, 'output');
  const reader = openSync(file, 'w+');
  const fd = openSync(file, 'a');
  let position = 0;
  let pending = '';
  const buffer = Buffer.alloc(64 * 1024);
  const decoder = new StringDecoder('utf8');
  return {
    fd,
    drain(onLine: ((line: string) => void) | undefined, final = false, onPartial?: (text: string) => void) {
      let read = false;
      for (;;) {
        const n = readSync(reader, buffer, 0, buffer.length, position);
        if (n <= 0) break;
        read = true;
        position += n;
        pending += decoder.write(buffer.subarray(0, n));
      }
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) onLine?.(line);
      if (read && pending !== '' && !final) onPartial?.(pending);
      if (final && pending !== '') {
        onLine?.(pending);
        pending = '';
      }
    },
    close() {
      // The child's copies stay open in whatever outlives it; this process's go.
      closeSync(fd);
      closeSync(reader);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
