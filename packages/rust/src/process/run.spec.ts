import { receivedStopSignal, runProcess } from './run';

/** A stand-in for execa's child: settles with `result`, or when killed, as ended by that signal. */
jest.mock('execa', () => ({ execa: jest.fn() }));
const { execa } = jest.requireMock('execa') as { execa: jest.Mock };

function fakeChild(result?: Record<string, unknown>) {
  let settle!: (r: Record<string, unknown>) => void;
  const child = new Promise<Record<string, unknown>>((resolve) => (settle = resolve));
  const kill = jest.fn((signal: string) => settle({ exitCode: undefined, signal, stdout: '' }));
  if (result) settle({ stdout: '', ...result });
  execa.mockReturnValueOnce(Object.assign(child, { kill }));
  return kill;
}

const start = () => runProcess('cargo', ['build'], { cwd: __dirname, output: 'lines', onLine: () => undefined });

describe('runProcess', () => {
  it('tells a failure or a crash from a child ended by a stop signal', async () => {
    fakeChild({ exitCode: 3 });
    expect(await start()).toEqual({ exitCode: 3, signal: undefined, stdout: '' });
    fakeChild({ signal: 'SIGSEGV' });
    expect((await start()).interrupted).toBeUndefined();
    fakeChild({ signal: 'SIGTERM' });
    expect(await start()).toMatchObject({ exitCode: 128, signal: 'SIGTERM', interrupted: 'SIGTERM' });
    // The child was stopped by someone else; this process itself was not asked to stop.
    expect(receivedStopSignal()).toBeUndefined();
  });

  it('passes a stop signal this process gets on to the child, and remembers it', async () => {
    const kill = fakeChild();
    const running = start();
    await new Promise((r) => setImmediate(r));
    process.emit('SIGTERM', 'SIGTERM');
    expect(kill).toHaveBeenCalledWith('SIGTERM');
    expect(await running).toMatchObject({ signal: 'SIGTERM', interrupted: 'SIGTERM' });
    expect(receivedStopSignal()).toBe('SIGTERM');
    expect(process.listenerCount('SIGTERM')).toBe(0);
  });
});
