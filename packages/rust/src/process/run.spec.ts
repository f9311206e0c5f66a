import { EventEmitter } from 'node:events';
import { receivedStopSignal, runProcess, type RunOptions } from './run';

/** A stand-in for execa's child: settles with `result`, or when killed, as ended by that signal. */
jest.mock('execa', () => ({ execa: jest.fn() }));
const { execa } = jest.requireMock('execa') as { execa: jest.Mock };

const PID = 4242;

function fakeChild(result?: Record<string, unknown>) {
  const events = new EventEmitter();
  let settle!: (r: Record<string, unknown>) => void;
  const child = new Promise<Record<string, unknown>>((resolve) => {
    settle = (r) => {
      events.emit('exit');
      resolve(r);
    };
  });
  const end = (signal: string) => settle({ exitCode: undefined, signal, stdout: '' });
  const kill = jest.fn(end);
  // A real child exits after it was started, never before its listeners are set.
  if (result) setImmediate(() => settle({ stdout: '', ...result }));
  execa.mockReturnValueOnce(Object.assign(child, { kill, pid: PID, once: events.once.bind(events) }));
  return { kill, end };
}

const start = (options: Partial<RunOptions> = {}) => runProcess('cargo', ['build'], { cwd: __dirname, output: 'lines', onLine: () => undefined, ...options });
const tick = () => new Promise((r) => setImmediate(r));

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
    expect(await start()).toMatchObject({ exitCode: 128, signal: 'SIGKILL', interrupted: 'SIGKILL' });
    // The child was stopped by someone else; this process itself was not asked to stop.
    expect(receivedStopSignal()).toBeUndefined();
  });

  it('starts the child as the leader of its own process group, and kills what is left of the group when it ends', async () => {
    fakeChild({ exitCode: 0 });
    await start();
    expect(execa.mock.calls.at(-1)[2]).toMatchObject({ detached: true });
    expect(groupSignals).toEqual([[PID, 'SIGKILL']]);
    expect(process.listenerCount('exit')).toBe(0);
  });

  it('passes a stop signal this process gets on to the whole group, kills it if it lingers, and remembers the signal', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate'] });
    try {
      const child = fakeChild();
      const running = start();
      await tick();
      process.emit('SIGTERM', 'SIGTERM');
      expect(groupSignals).toEqual([[PID, 'SIGTERM']]);
      // The group takes longer than its grace period to stop.
      jest.advanceTimersByTime(5000);
      expect(groupSignals).toEqual([[PID, 'SIGTERM'], [PID, 'SIGKILL']]);
      child.end('SIGTERM');
      expect(await running).toMatchObject({ signal: 'SIGTERM', interrupted: 'SIGTERM' });
      expect(receivedStopSignal()).toBe('SIGTERM');
      expect(process.listenerCount('SIGTERM')).toBe(0);
    } finally {
      jest.useRealTimers();
    }
  });

  it('kills the group if this process exits while the child runs', async () => {
    const child = fakeChild();
    const running = start();
    await tick();
    process.emit('exit', 1);
    expect(groupSignals).toEqual([[PID, 'SIGKILL']]);
    child.end('SIGKILL');
    await running;
  });

  it("leaves a child that reads this process's terminal in the terminal's group, and signals it alone", async () => {
    const isTTY = process.stdin.isTTY;
    process.stdin.isTTY = true;
    try {
      const { kill } = fakeChild();
      const running = start({ output: 'inherit' });
      await tick();
      expect(execa.mock.calls.at(-1)[2]).toMatchObject({ detached: false, stdin: 'inherit' });
      process.emit('SIGINT', 'SIGINT');
      expect(kill).toHaveBeenCalledWith('SIGINT');
      await running;
      expect(groupSignals).toEqual([]);
    } finally {
      process.stdin.isTTY = isTTY;
    }
  });
});
