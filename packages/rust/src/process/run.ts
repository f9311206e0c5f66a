/**
 * The one place that starts processes: execa with argument arrays, never a shell. Output is
 * either passed straight to this process's terminal (live, with cargo's own colours and progress)
 * or merged into one ordered stream of lines: stdout and stderr of a child both append to one
 * temporary file, so `Running …` headers (stderr) and the test output after them (stdout) keep
 * their order, which two pipes would not guarantee. A child that does not read this process's
 * terminal runs in a process group of its own, ended with it (see group.ts).
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import type { Options } from 'execa';
import { ownsGroup, ProcessGroup } from './group';

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

let stopSignal: string | undefined;

/**
 * The first stop signal this process received while a child ran, if any: whoever sent it wants
 * the work to end, so nothing new should start.
 */
export function receivedStopSignal(): string | undefined {
  return stopSignal;
}

export async function runProcess(command: string, args: string[], options: RunOptions): Promise<RunResult> {
  const { execa } = await import('execa');
  const merged = options.output === 'lines' ? mergedOutput() : undefined;
  const ownGroup = ownsGroup(options.output === 'inherit' && process.stdin.isTTY === true);
  const execaOptions: Options = {
    cwd: options.cwd,
    env: options.env,
    extendEnv: true,
    reject: false,
    stdin: options.output === 'inherit' ? 'inherit' : 'ignore',
    // Both streams append to one file: each write lands at its end, so the order is kept.
    stdout: merged ? { file: merged.file, append: true } : options.captureStdout ? 'pipe' : 'inherit',
    stderr: merged ? { file: merged.file, append: true } : 'inherit',
    stripFinalNewline: false,
    // The child leads a process group of its own, which ends with it (see ProcessGroup).
    detached: ownGroup,
    // In the terminal's group: stop the child if this process goes away; give it time to finish
    // writing after a signal.
    cleanup: true,
    forceKillAfterDelay: 5000,
  };
  const child = execa(command, args, execaOptions);
  const group = ownGroup ? ProcessGroup.of(child) : undefined;
  // A stop signal this process gets (Ctrl-C in its terminal, Nx stopping a task) is passed on to
  // the child's group (in the terminal's group, to the child, which the terminal's Ctrl-C reached
  // already), and this process waits for the child to exit.
  let received: string | undefined;
  const forward = (signal: NodeJS.Signals) => () => {
    received ??= signal;
    stopSignal ??= signal;
    if (group) group.stop(signal);
    else child.kill(signal);
  };
  const handlers = FORWARDED_SIGNALS.map((s) => [s, forward(s)] as const);
  for (const [signal, handler] of handlers) process.on(signal, handler);
  const timer = merged && setInterval(() => merged.drain(options.onLine), 50);
  try {
    const result = await child;
    if ((result as { code?: string }).code === 'ENOENT') {
      throw new CommandNotFoundError(command);
    }
    const signal = result.signal ?? undefined;
    const interrupted = received ?? (signal && STOP_SIGNALS.has(signal) ? signal : undefined);
    return {
      exitCode: result.exitCode ?? (signal ? 128 : 1),
      signal,
      stdout: typeof result.stdout === 'string' ? result.stdout : '',
      ...(interrupted ? { interrupted } : {}),
    };
  } finally {
    group?.dispose();
    for (const [signal, handler] of handlers) process.off(signal, handler);
    if (timer) clearInterval(timer);
    merged?.drain(options.onLine, true);
    merged?.close();
  }
}

/** A temporary file both output streams of the child append to, read back as lines. */
function mergedOutput() {
  const dir = mkdtempSync(join(tmpdir(), 'ms-rust-'));
  const file = join(dir, 'output');
  const reader = openSync(file, 'w+');
  let position = 0;
  let pending = '';
  const buffer = Buffer.alloc(64 * 1024);
  const decoder = new StringDecoder('utf8');
  return {
    file,
    drain(onLine: ((line: string) => void) | undefined, final = false) {
      for (;;) {
        const n = readSync(reader, buffer, 0, buffer.length, position);
        if (n <= 0) break;
        position += n;
        pending += decoder.write(buffer.subarray(0, n));
      }
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) onLine?.(line);
      if (final && pending !== '') {
        onLine?.(pending);
        pending = '';
      }
    },
    close() {
      closeSync(reader);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
