import { startChild } from './child';

const node = (script: string) => [process.execPath, ['-e', script]] as const;

describe('startChild', () => {
  it('reads back what the child writes on piped descriptors, fd 3 too, and how it ended', async () => {
    const [file, args] = node(`require('fs').writeSync(1, 'out'); require('fs').writeSync(3, 'three'); process.exit(4)`);
    expect(await startChild(file, [...args], { cwd: __dirname, stdio: ['ignore', 'pipe', 'ignore', 'pipe'] })).toEqual({ exitCode: 4, stdio: [undefined, 'out', undefined, 'three'] });
  });

  it('sets the environment over this one, and removes what is set to undefined', async () => {
    process.env.MS_RUST_CHILD_SPEC = 'parent';
    try {
      const [file, args] = node(`process.stdout.write(JSON.stringify([process.env.MS_RUST_CHILD_SPEC ?? null, process.env.MS_RUST_ADDED, !!process.env.PATH]))`);
      const gone = await startChild(file, [...args], { cwd: __dirname, env: { MS_RUST_CHILD_SPEC: undefined, MS_RUST_ADDED: 'yes' }, stdio: ['ignore', 'pipe', 'inherit'] });
      expect(JSON.parse(gone.stdio[1]!)).toEqual([null, 'yes', true]);
    } finally {
      delete process.env.MS_RUST_CHILD_SPEC;
    }
  });

  it('says why a child never started: no exit code, no signal', async () => {
    const result = await startChild('no-such-command-here', [], { cwd: __dirname, stdio: ['ignore', 'pipe', 'pipe'] });
    expect(result).toMatchObject({ code: 'ENOENT', originalMessage: expect.stringContaining('ENOENT') });
    expect(result.exitCode).toBeUndefined();
    expect(result.signal).toBeUndefined();
  });

  it('kills by force a child that outlives the grace period after a signal', async () => {
    const [file, args] = node(`process.on('SIGTERM', () => {}); process.stdout.write('ready'); setInterval(() => {}, 1000)`);
    const child = startChild(file, [...args], { cwd: __dirname, stdio: ['ignore', 'pipe', 'inherit'], forceKillAfterMs: 300 });
    await new Promise((r) => setTimeout(r, 500));
    child.kill('SIGTERM');
    expect(await child).toMatchObject({ signal: 'SIGKILL' });
  });

  it('listens for this process exiting once, however many children run, and not after they end', async () => {
    const before = process.listenerCount('exit');
    const [file, args] = node(`setTimeout(() => {}, 50)`);
    const children = Array.from({ length: 15 }, () => startChild(file, [...args], { cwd: __dirname, stdio: ['ignore', 'ignore', 'ignore'], killOnExit: true }));
    expect(process.listenerCount('exit')).toBe(before + 1);
    for (const result of await Promise.all(children)) expect(result.exitCode).toBe(0);
    expect(process.listenerCount('exit')).toBe(before);
  });
});
