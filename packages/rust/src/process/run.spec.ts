import { basename } from 'node:path';
import { receivedStopSignal, runProcess, type RunOptions } from './run';
import { encodeReport, NODE_OPTIONS_CARRIER, type Report } from './supervisor-protocol';

/**
 * A stand-in for the started child (child.ts): settles with `result`, or when killed, as ended by that signal.
 * A supervised child reports on fd 3 what the supervisor would: started, then how cargo ended.
 */
jest.mock('./child', () => ({ startChild: jest.fn() }));
const { startChild } = jest.requireMock('./child') as { startChild: jest.Mock };

const CARGO_PID = 4343;

interface Ended {
  exitCode?: number;
  signal?: string;
  code?: string;
  originalMessage?: string;
  /** What the supervisor wrote on fd 3; by default, that cargo started and ended as the result says. */
  reports?: Report[];
}

function fakeChild(result?: Ended) {
  let settle!: (r: Ended) => void;
  const child = new Promise<Record<string, unknown>>((resolve) => {
    settle = (r) => {
      const signal = (r.signal ?? null) as NodeJS.Signals | null;
      const reports = r.reports ?? [{ started: CARGO_PID }, { exited: { code: r.exitCode ?? null, signal } }];
      resolve({ ...r, stdio: [undefined, '', '', reports.map(encodeReport).join('')] });
    };
  });
  const end = (signal: string) => settle({ exitCode: undefined, signal });
  const kill = jest.fn();
  // A real child exits after it was started, never before its listeners are set.
  if (result) setImmediate(() => settle(result));
  startChild.mockReturnValueOnce(Object.assign(child, { kill }));
  return { kill, end, settle };
}

const start = (options: Partial<RunOptions> = {}) => runProcess('cargo', ['build'], { cwd: __dirname, output: 'lines', onLine: () => undefined, ...options });
const tick = () => new Promise((r) => setImmediate(r));
const lastCall = () => startChild.mock.calls.at(-1) as [string, string[], Record<string, unknown>];

/** Signals sent to process groups (negative pids) through process.kill. */
let groupSignals: [number, string][];
beforeEach(() => {
  groupSignals = [];
  jest.spyOn(process, 'kill').mockImplementation((pid: number, signal?: string | number) => {
    if (pid < 0) groupSignals.push([-pid, String(signal)]);
    return true;
  });
});
afterEach(() => jest.restoreAllMocks());

describe('runProcess', () => {
  it('tells a failure or a crash from a child ended by a stop signal', async () => {
    fakeChild({ exitCode: 3 });
    expect(await start()).toEqual({ exitCode: 3, signal: undefined, stdout: '' });
    fakeChild({ signal: 'SIGSEGV' });
    expect((await start()).interrupted).toBeUndefined();
    fakeChild({ signal: 'SIGKILL' });
    expect(await start()).toMatchObject({ exitCode: 137, signal: 'SIGKILL', interrupted: 'SIGKILL' });
    // The child was stopped by someone else; this process itself was not asked to stop.
    expect(receivedStopSignal()).toBeUndefined();
  });

  it('runs the child under the supervisor, in a group of its own, with NODE_OPTIONS kept for the child', async () => {
    const nodeOptions = process.env.NODE_OPTIONS;
    process.env.NODE_OPTIONS = '--require ./slow-hook.js';
    try {
      fakeChild({ exitCode: 0 });
      await start({ env: { RUSTFLAGS: '-Dwarnings' } });
    } finally {
      if (nodeOptions === undefined) delete process.env.NODE_OPTIONS;
      else process.env.NODE_OPTIONS = nodeOptions;
    }
    const [file, args, options] = lastCall();
    expect(file).toBe(process.execPath);
    expect(basename(args[0])).toBe('supervisor.js');
    expect(args.slice(1)).toEqual(['cargo', 'build']);
    expect(options).toMatchObject({ detached: true, stdio: ['ignore', expect.anything(), expect.anything(), 'pipe'] });
    // Its grace period is the supervisor's: it is never killed by force before cargo.
    expect(options.forceKillAfterMs).toBeUndefined();
    expect(options.env).toEqual({ RUSTFLAGS: '-Dwarnings', NODE_OPTIONS: undefined, [NODE_OPTIONS_CARRIER]: '--require ./slow-hook.js' });
    // A normal end leaves the group to the supervisor, which leaves it alone.
    expect(groupSignals).toEqual([]);
    expect(process.listenerCount('exit')).toBe(0);
  });

  it('passes a stop signal this process gets on to the supervisor, and remembers it', async () => {
    const child = fakeChild();
    const running = start();
    await tick();
    process.emit('SIGTERM', 'SIGTERM');
    expect(child.kill).toHaveBeenCalledWith('SIGTERM');
    child.end('SIGTERM');
    expect(await running).toMatchObject({ signal: 'SIGTERM', interrupted: 'SIGTERM' });
    expect(receivedStopSignal()).toBe('SIGTERM');
    expect(process.listenerCount('SIGTERM')).toBe(0);
  });

  it('listens once per signal however many children run, and passes a signal on to each', async () => {
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    try {
      const children = Array.from({ length: 25 }, () => fakeChild());
      const runs = children.map(() => start());
      await tick();
      for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) expect(process.listenerCount(signal)).toBe(1);
      process.emit('SIGINT', 'SIGINT');
      for (const child of children) expect(child.kill).toHaveBeenCalledWith('SIGINT');
      for (const child of children) child.end('SIGINT');
      for (const result of await Promise.all(runs)) expect(result.interrupted).toBe('SIGINT');
      for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) expect(process.listenerCount(signal)).toBe(0);
      await tick();
      expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('reports a command that is not on PATH, or cannot be started, as the supervisor says', async () => {
    fakeChild({ exitCode: 0, reports: [{ failed: { code: 'ENOENT', message: 'spawn cargo ENOENT' } }] });
    await expect(start()).rejects.toThrow('cargo was not found on PATH');
    fakeChild({ exitCode: 0, reports: [{ failed: { code: 'EACCES', message: 'spawn cargo EACCES' } }] });
    await expect(start()).rejects.toThrow('cargo could not be started: spawn cargo EACCES');
  });

  it('says so when the supervisor itself cannot start, or fails before it starts the command', async () => {
    // node itself missing: the same ENOENT as a missing cargo, but cargo was never looked for.
    fakeChild({ exitCode: undefined, code: 'ENOENT', originalMessage: `spawn ${process.execPath} ENOENT`, reports: [] });
    const failure = start();
    await expect(failure).rejects.toThrow(`cargo could not be started: its supervisor (${process.execPath} `);
    await expect(failure).rejects.toThrow(`spawn ${process.execPath} ENOENT`);
    fakeChild({ exitCode: 1, reports: [] });
    await expect(start()).rejects.toThrow(/^cargo could not be started: its supervisor \(.*supervisor\.js\) exited with code 1$/);
  });

  it('reports a supervisor stopped before it started the command as stopped, not as failed to start', async () => {
    fakeChild({ signal: 'SIGTERM', reports: [] });
    expect(await start()).toMatchObject({ exitCode: 143, interrupted: 'SIGTERM' });
    expect(groupSignals).toEqual([]);
  });

  it("kills the child's group when the supervisor itself was killed before cargo ended", async () => {
    fakeChild({ signal: 'SIGKILL', reports: [{ started: CARGO_PID }] });
    expect(await start()).toMatchObject({ signal: 'SIGKILL', interrupted: 'SIGKILL' });
    expect(groupSignals).toEqual([[CARGO_PID, 'SIGKILL']]);
  });

  it('takes the end of the child from the report, not from the supervisor', async () => {
    fakeChild({ exitCode: 0, reports: [{ started: CARGO_PID }, { exited: { code: 101, signal: null } }] });
    expect(await start()).toMatchObject({ exitCode: 101, signal: undefined });
    fakeChild({ exitCode: 0, reports: [{ started: CARGO_PID }, { exited: { code: null, signal: 'SIGKILL' } }] });
    expect(await start()).toMatchObject({ exitCode: 137, signal: 'SIGKILL', interrupted: 'SIGKILL' });
    fakeChild({ exitCode: 0, reports: [{ started: CARGO_PID }, { exited: { code: null, signal: 'SIGTERM' } }] });
    expect(await start()).toMatchObject({ exitCode: 143, signal: 'SIGTERM', interrupted: 'SIGTERM' });
    expect(groupSignals).toEqual([]);
  });

  it("leaves a child that reads this process's terminal in the terminal's group, and signals it alone", async () => {
    const isTTY = process.stdin.isTTY;
    process.stdin.isTTY = true;
    try {
      const { kill, end } = fakeChild();
      const running = start({ output: 'inherit' });
      await tick();
      const [file, args, options] = lastCall();
      expect([file, args]).toEqual(['cargo', ['build']]);
      expect(options).toMatchObject({ stdio: ['inherit', 'inherit', 'inherit'], killOnExit: true, forceKillAfterMs: 5000 });
      expect(options.detached).toBeUndefined();
      process.emit('SIGINT', 'SIGINT');
      expect(kill).toHaveBeenCalledWith('SIGINT');
      end('SIGINT');
      await running;
      expect(groupSignals).toEqual([]);
    } finally {
      process.stdin.isTTY = isTTY;
    }
  });

  it('reports a command that is not on PATH when it runs in the terminal', async () => {
    const isTTY = process.stdin.isTTY;
    process.stdin.isTTY = true;
    try {
      fakeChild({ code: 'ENOENT', exitCode: undefined });
      await expect(start({ output: 'inherit' })).rejects.toThrow('cargo was not found on PATH');
    } finally {
      process.stdin.isTTY = isTTY;
    }
  });
});
