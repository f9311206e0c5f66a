import { runProcess } from '../process';
import { afterAllProjectsVersioned, rememberLockfile } from './lock-check';

jest.mock('../process', () => ({ runProcess: jest.fn(), CommandNotFoundError: class extends Error {} }));
const run = runProcess as jest.MockedFunction<typeof runProcess>;

/** cargo exits with `exitCode` after printing `lines`. */
function cargoSays(exitCode: number, ...lines: string[]) {
  run.mockImplementation(async (_cmd, _args, options) => {
    for (const line of lines) options.onLine?.(line);
    return { exitCode, stdout: '' };
  });
}

describe('afterAllProjectsVersioned', () => {
  beforeEach(() => {
    run.mockReset();
    jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  });

  it('has cargo check each edited Cargo.lock offline, in its workspace, writing nothing', async () => {
    cargoSays(0);
    rememberLockfile('Cargo.lock');
    rememberLockfile('fuzz/Cargo.lock');
    expect(await afterAllProjectsVersioned('/ws', {})).toEqual({ changedFiles: [], deletedFiles: [] });
    expect(run.mock.calls.map(([cmd, args, options]) => [cmd, args.join(' '), options.cwd])).toEqual([
      ['cargo', 'update --workspace --offline --locked', '/ws'],
      ['cargo', 'update --workspace --offline --locked', '/ws/fuzz'],
    ]);
  });

  it('runs no cargo in a dry run', async () => {
    rememberLockfile('Cargo.lock');
    await afterAllProjectsVersioned('/ws', { dryRun: true });
    expect(run).not.toHaveBeenCalled();
    // Nor later: a dry run forgets what it edited.
    cargoSays(0);
    await afterAllProjectsVersioned('/ws', {});
    expect(run).not.toHaveBeenCalled();
  });

  it('stops the release when cargo would change the lockfile', async () => {
    cargoSays(101, '    Updating a v0.1.0 (/ws/a) -> v0.2.0', 'error: cannot update the lock file /ws/Cargo.lock because --locked was passed to prevent this');
    rememberLockfile('Cargo.lock');
    await expect(afterAllProjectsVersioned('/ws', {})).rejects.toThrow(
      /^Cargo\.lock does not match the crates' manifests after versioning: cargo would change it \(`cargo update --workspace --offline --locked` in \.\):\n {4}Updating a v0\.1\.0/,
    );
  });

  it('warns, and goes on, when cargo cannot resolve offline (registry crates never fetched)', async () => {
    cargoSays(101, 'error: no matching package named `cfg-if` found');
    rememberLockfile('Cargo.lock');
    await expect(afterAllProjectsVersioned('/ws', {})).resolves.toEqual({ changedFiles: [], deletedFiles: [] });
    expect(console.warn).toHaveBeenCalledWith(expect.stringContaining('cargo could not check Cargo.lock offline'));
  });
});
