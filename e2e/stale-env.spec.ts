/**
 * What cargo reads that no file input of Nx sees: the environment, config files git ignores or
 * that lie above the Nx root or in CARGO_HOME, a git-ignored Cargo.lock, crates outside the Nx root
 * and [patch] crates, and the toolchain picked in the Cargo workspace's folder. Each case changes
 * one of them so that the binary prints something else, then compares what `nx build` gave with a
 * lone `cargo run`; changes that cannot change a result must replay from the cache.
 *
 * Layout (one fixture, built once): a folder of this test holding the Nx root (`repo/`), a
 * directory registry (`registry/`, tiny 0.1.0 and 0.1.1), a CARGO_HOME whose config points
 * crates-io at it (`home/`), crates outside the Nx root (`outside/`, and `absolute/` that `app`
 * names by its absolute path) and rustc wrappers.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createWorkspace, KEEP_ENV, run, taskOutcomes, TestWorkspace, type TaskOutcome } from './utils/workspace';
import { oracle, oracleTable } from './utils/oracle';

let around: string;
let ws: TestWorkspace;
let env: Record<string, string>;

const write = (abs: string, text: string, mode?: number) => {
  mkdirSync(dirname(abs), { recursive: true });
  writeFileSync(abs, text);
  if (mode) chmodSync(abs, mode);
};
const aside = (rel: string) => join(around, rel);

const HOME_CONFIG = () =>
  `[source.crates-io]\nreplace-with = "local"\n\n[source.local]\ndirectory = "${aside('registry')}"\n\n[net]\noffline = true\n`;

beforeAll(() => {
  const created = createWorkspace('stale-env');
  around = mkdtempSync(join(dirname(created.root), 'stale-env-around-'));
  renameSync(created.root, aside('repo'));
  ws = new TestWorkspace(aside('repo'));
  for (const version of ['0.1.0', '0.1.1']) {
    const crate = aside(`registry/tiny-${version}`);
    write(join(crate, 'Cargo.toml'), `[package]\nname = "tiny"\nversion = "${version}"\nedition = "2021"\n`);
    write(join(crate, 'src/lib.rs'), `pub fn version() -> &'static str { "${version}" }\n`);
    write(join(crate, '.cargo-checksum.json'), '{"package":null,"files":{}}\n');
  }
  write(aside('home/config.toml'), HOME_CONFIG());
  write(aside('outside/Cargo.toml'), '[package]\nname = "outside"\nversion = "0.1.0"\nedition = "2021"\n');
  write(aside('outside/src/lib.rs'), 'pub fn name() -> &\'static str { "one" }\n');
  write(aside('absolute/Cargo.toml'), '[package]\nname = "absolute"\nversion = "0.1.0"\nedition = "2021"\n');
  write(aside('absolute/src/lib.rs'), 'pub fn name() -> &\'static str { "one" }\n');
  const manifest = ws.read('app/Cargo.toml');
  ws.write('app/Cargo.toml', manifest.replace(/^(# Beside the Nx root too, written absolute.*\n)/m, `$1absolute = { path = "${aside('absolute')}" }\n`));
  write(aside('cfg-foo-wrapper'), '#!/bin/sh\nexec "$@" --cfg foo\n', 0o755);
  write(aside('plain-wrapper'), '#!/bin/sh\nexec "$@"\n', 0o755);
  env = { CARGO_HOME: aside('home') };
  // A library workspace's habit: the lock is not committed; so is a local cargo config.
  ws.append('.gitignore', 'Cargo.lock\n.cargo/\nnightly/rust-toolchain.toml\n');
  ws.commit('ignore the lock, local cargo config and toolchain file; an absolute path dependency');
  ws.cargo(['generate-lockfile'], { env });
});

afterAll(() => {
  console.log(`stale-env oracle:\n${oracleTable()}`);
  if (around && !process.env[KEEP_ENV]) rmSync(around, { recursive: true, force: true });
});

interface Result {
  outcome: TaskOutcome | undefined;
  output: string;
}

/** `nx build <project>`, then the binary it left in dist (restored from the cache or built). */
function nxBuild(project: string, extra: Record<string, string> = {}): Result {
  const result = ws.nx(['build', project, '--output-style=static'], { env: { ...env, ...extra } });
  const outcome = taskOutcomes(result).get(`${project}:build`);
  return { outcome, output: run(ws.path(`dist/target/dev/${project}/${project}`), [], ws.root).stdout.trim() };
}

/** The lone cargo run of the same crate, in its Cargo workspace, with the same environment. */
function loneCargo(cwd: string, extra: Record<string, string> = {}): string {
  return ws.cargo(['run', '-q'], { cwd, env: { ...env, ...extra } }).stdout.trim();
}

/**
 * Warms the cache, applies the change, then compares Nx's result with cargo's; reverts the
 * change after (so that each case starts from the fixture's state).
 */
function stale(name: string, change: { apply?: () => void; env?: Record<string, string>; revert?: () => void }, project = 'app', cwd = '.'): Result {
  nxBuild(project);
  change.apply?.();
  try {
    const nx = nxBuild(project, change.env);
    const cargo = loneCargo(cwd, change.env);
    oracle({ name, nx: nx.output, cargo, via: nx.outcome });
    expect(nx.output).toBe(cargo);
    return nx;
  } finally {
    change.revert?.();
  }
}

const baseline = () => loneCargo('.');

describe('the environment cargo and rustc read', () => {
  it('CARGO_PROFILE_DEV_DEBUG_ASSERTIONS=false: debug assertions are off', () => {
    const r = stale('CARGO_PROFILE_DEV_DEBUG_ASSERTIONS=false', { env: { CARGO_PROFILE_DEV_DEBUG_ASSERTIONS: 'false' } });
    expect(r.output).toContain('debug_assertions=false');
  });

  it('CARGO_BUILD_RUSTC_WORKSPACE_WRAPPER adding --cfg foo: the binary sees cfg(foo)', () => {
    const r = stale('CARGO_BUILD_RUSTC_WORKSPACE_WRAPPER (adds --cfg foo)', { env: { CARGO_BUILD_RUSTC_WORKSPACE_WRAPPER: aside('cfg-foo-wrapper') } });
    expect(r.output).toContain('foo=true');
  });

  it('RUSTC_WRAPPER adding --cfg foo: the binary sees cfg(foo); a wrapper the plugin does not know is never replayed', () => {
    // Cargo's fingerprints leave RUSTC_WRAPPER out (so that sccache can come and go): without a
    // clean target folder a lone cargo would not rebuild either, and after, not rebuild without it.
    const clean = () => rmSync(ws.path('target'), { recursive: true, force: true });
    const r = stale('RUSTC_WRAPPER (adds --cfg foo)', { apply: clean, env: { RUSTC_WRAPPER: aside('cfg-foo-wrapper') }, revert: clean });
    expect(r.output).toContain('foo=true');
    // One that only runs rustc gives the same binary, but nothing tells the plugin so.
    const plain = stale('RUSTC_WRAPPER (runs rustc as is)', { env: { RUSTC_WRAPPER: aside('plain-wrapper') } });
    expect(plain.outcome).toBe('run');
    expect(plain.output).toBe(baseline());
  });

  it('CARGO_TERM_COLOR replays from the cache', () => {
    const r = stale('CARGO_TERM_COLOR=always', { env: { CARGO_TERM_COLOR: 'always' } });
    expect(r.outcome).toBe('cache');
    expect(r.output).toBe(baseline());
  });
});

describe('files Nx does not see', () => {
  it('a git-ignored .cargo/config.toml: [build] rustflags and [env]', () => {
    const config = ws.path('.cargo/config.toml');
    const drop = () => rmSync(ws.path('.cargo'), { recursive: true, force: true });
    const flags = stale('ignored .cargo/config.toml: build.rustflags --cfg foo', { apply: () => write(config, '[build]\nrustflags = ["--cfg", "foo"]\n'), revert: drop });
    expect(flags.output).toContain('foo=true');
    const envd = stale('ignored .cargo/config.toml: [env] GREETING', { apply: () => write(config, '[env]\nGREETING = "hi"\n'), revert: drop });
    expect(envd.output).toContain('greeting=hi');
  });

  it('settings of an ignored config that change no result replay from the cache', () => {
    const r = stale('ignored .cargo/config.toml: [term] color, build.jobs', {
      apply: () => write(ws.path('.cargo/config.toml'), '[term]\ncolor = "never"\n\n[build]\njobs = 1\n'),
      revert: () => rmSync(ws.path('.cargo'), { recursive: true, force: true }),
    });
    expect(r.outcome).toBe('cache');
  });

  it('$CARGO_HOME/config.toml and a .cargo/config.toml above the Nx root', () => {
    const home = stale('$CARGO_HOME/config.toml: [env] FROM_HOME', {
      apply: () => write(aside('home/config.toml'), `${HOME_CONFIG()}\n[env]\nFROM_HOME = "1"\n`),
      revert: () => write(aside('home/config.toml'), HOME_CONFIG()),
    });
    expect(home.output).toContain('home=1');
    const above = stale('.cargo/config.toml above the Nx root: [env] FROM_ABOVE', {
      apply: () => write(aside('.cargo/config.toml'), '[env]\nFROM_ABOVE = "1"\n'),
      revert: () => rmSync(aside('.cargo'), { recursive: true, force: true }),
    });
    expect(above.output).toContain('above=1');
  });

  it('a git-ignored Cargo.lock resolving another version', () => {
    const lock = ws.read('Cargo.lock');
    expect(lock).toMatch(/name = "tiny"\nversion = "0\.1\.1"/);
    const r = stale('ignored Cargo.lock: tiny 0.1.1 → 0.1.0', {
      apply: () => ws.write('Cargo.lock', lock.replace(/(name = "tiny"\nversion = )"0\.1\.1"/, '$1"0.1.0"')),
      revert: () => ws.write('Cargo.lock', lock),
    });
    expect(r.output).toContain('tiny=0.1.0');
  });

  it('a path dependency outside the Nx root', () => {
    const source = aside('outside/src/lib.rs');
    const r = stale('path dependency outside the Nx root: its source', {
      apply: () => write(source, 'pub fn name() -> &\'static str { "two" }\n'),
      revert: () => write(source, 'pub fn name() -> &\'static str { "one" }\n'),
    });
    expect(r.output).toContain('outside=two');
  });

  it('a path dependency outside the Nx root written as an absolute path', () => {
    const source = aside('absolute/src/lib.rs');
    const r = stale('absolute path dependency outside the Nx root: its source', {
      apply: () => write(source, 'pub fn name() -> &\'static str { "two" }\n'),
      revert: () => write(source, 'pub fn name() -> &\'static str { "one" }\n'),
    });
    expect(r.outcome).not.toBe('cache');
    expect(r.output).toContain('absolute=two');
  });

  it('an outside crate holding a dangling symlink, a symlink loop and a FIFO: nx still hashes it, and sees its edits', () => {
    symlinkSync(aside('nowhere'), aside('outside/dangling'));
    symlinkSync('..', aside('outside/src/loop'));
    execFileSync('mkfifo', [aside('outside/pipe')]);
    const source = aside('outside/src/lib.rs');
    try {
      const r = stale('outside crate with a dangling symlink, a loop, a FIFO: its source', {
        apply: () => write(source, 'pub fn name() -> &\'static str { "three" }\n'),
        revert: () => write(source, 'pub fn name() -> &\'static str { "one" }\n'),
      });
      expect(r.output).toContain('outside=three');
    } finally {
      for (const entry of ['outside/dangling', 'outside/src/loop', 'outside/pipe']) rmSync(aside(entry), { force: true });
    }
  });

  it('a [patch] path crate of the workspace manifest', () => {
    const source = 'vendor/pat/src/lib.rs';
    const original = ws.read(source);
    const r = stale('[patch] path crate: its source (committed)', {
      apply: () => {
        ws.write(source, 'pub fn name() -> &\'static str { "repatched" }\n');
        ws.commit('change the patch crate');
      },
      revert: () => {
        ws.write(source, original);
        ws.commit('restore the patch crate');
      },
    });
    expect(r.output).toContain('pat=repatched');
  });
});

describe('the toolchain where cargo runs', () => {
  it('a rust-toolchain.toml in the Cargo workspace folder switching stable to nightly', () => {
    const file = ws.path('nightly/rust-toolchain.toml');
    const stable = nxBuild('rv').output;
    expect(stable).not.toContain('nightly');
    const r = stale(
      'nightly/rust-toolchain.toml (git-ignored): stable → nightly',
      { apply: () => write(file, '[toolchain]\nchannel = "nightly"\n'), revert: () => rmSync(file, { force: true }) },
      'rv',
      'nightly',
    );
    expect(r.output).toContain('nightly');
  });

  it('RUSTUP_TOOLCHAIN=nightly: the toolchain it picks counts; naming the toolchain already in use replays', () => {
    const r = stale('RUSTUP_TOOLCHAIN=nightly', { env: { RUSTUP_TOOLCHAIN: 'nightly' } }, 'rv', 'nightly');
    expect(r.output).toContain('nightly');
    // As rustup sets it for every process it starts (an nx run by `cargo make`, an xtask).
    const active = run('rustup', ['show', 'active-toolchain'], ws.path('nightly')).stdout.trim().split(/\s+/)[0];
    const same = stale(`RUSTUP_TOOLCHAIN=${active} (the one in use)`, { env: { RUSTUP_TOOLCHAIN: active } }, 'rv', 'nightly');
    expect(same.outcome).toBe('cache');
    expect(same.output).not.toContain('nightly');
  });
});
