/**
 * CI across machines: Nx's self-hosted remote cache (`utils/remote-cache.ts`, a loopback server of
 * its contract) shared by two clones of one commit, and sccache under it.
 *
 * Fixture `remote-cache`: greet (a library, published: its .crate is packaged) and hello (a
 * binary using greet), a local Nx plugin (`tools/task-hashes.js`) writing every task's hash.
 * Each clone is a "machine" of its own: its own folder, HOME (so its own Nx cache under
 * `~/.nx`), USER, CARGO_HOME, TZ and TMPDIR. Clone A builds cold through sccache and fills the
 * remote cache; clone B, at another path and later, without sccache, replays everything from it.
 * The tests run in order; each starts from the state the previous left.
 */
import { appendFileSync, chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { downServerUrl, startRemoteCache, type RemoteCache } from './utils/remote-cache';
import { createWorkspace, KEEP_ENV, REPO_ROOT, run, TestWorkspace, type CommandResult } from './utils/workspace';

const TOKEN = 'ci-read-write-token';
const READ_ONLY_TOKEN = 'pull-request-read-only-token';
const CRATES = ['greet', 'hello'];
/** What clone B runs: what a CI job on a pull request runs. */
const CI_TARGETS = ['build', 'test', 'lint', 'package'];
/** The rest, for the hashes of every target. */
const OTHER_TARGETS = ['fmt', 'doc', 'check'];
const GREETING = 'Hello, world!';

let around: string;
let cache: RemoteCache;
let a: Machine;
let b: Machine;
let sccache: { bin: string; env: Record<string, string> };
const seconds: Record<string, number> = {};
/** Clone A's: every task's hash (lock gates included), the metrics report's, dist/packages. */
let aHashes: Record<string, string>;
let aMetrics: Record<string, string>;
let aPackages: Map<string, Buffer>;

/** A clone with the environment of the machine it is on, and a cargo that logs its calls. */
interface Machine {
  name: string;
  ws: TestWorkspace;
  env: Record<string, string | undefined>;
  cargoCalls: () => string[];
}

/** The toolchain rustup picks here (`stable-x86_64-unknown-linux-gnu`), as it names it. */
function activeToolchain(): string {
  const shown = run('rustup', ['show', 'active-toolchain'], REPO_ROOT, { allowFailure: true });
  return shown.status === 0 ? shown.stdout.trim().split(/\s+/)[0] : 'stable';
}

const rustupHome = process.env.RUSTUP_HOME ?? (existsSync(join(homedir(), '.rustup')) ? join(homedir(), '.rustup') : undefined);

/** A machine for `ws`: HOME (`homes/<home>`), USER, CARGO_HOME, TZ and TMPDIR of its own; the toolchain shared. */
function machine(name: string, ws: TestWorkspace, user: string, tz: string, homeName = name): Machine {
  const home = join(around, 'homes', homeName);
  mkdirSync(join(home, '.cargo'), { recursive: true });
  mkdirSync(join(home, 'tmp'), { recursive: true });
  const shim = join(around, 'shims', name);
  const log = join(around, 'shims', `${name}.cargo-log`);
  mkdirSync(shim, { recursive: true });
  const realCargo = run('which', ['cargo'], around).stdout.trim();
  writeFileSync(join(shim, 'cargo'), `#!/bin/sh\necho "$*" >> "${log}"\nexec "${realCargo}" "$@"\n`);
  chmodSync(join(shim, 'cargo'), 0o755);
  return {
    name,
    ws,
    env: { HOME: home, USER: user, LOGNAME: user, CARGO_HOME: join(home, '.cargo'), RUSTUP_HOME: rustupHome, TZ: tz, TMPDIR: join(home, 'tmp'), PATH: `${shim}:${process.env.PATH}` },
    cargoCalls: () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').filter(Boolean) : []),
  };
}

/** `git clone` of `from` at `dest`, with the run's node_modules linked as createWorkspace does. */
function cloneAt(from: TestWorkspace, dest: string): TestWorkspace {
  mkdirSync(dirname(dest), { recursive: true });
  run('git', ['clone', '-q', from.root, dest], around);
  symlinkSync(readlinkSync(from.path('node_modules')), join(dest, 'node_modules'), 'dir');
  appendFileSync(join(dest, '.git', 'info', 'exclude'), '/node_modules\n');
  return new TestWorkspace(dest);
}

/** `nx run-many -t …` on `m`, timed (wall seconds in `seconds[label]`). */
function runMany(m: Machine, targets: string[], env: Record<string, string | undefined> = {}, label?: string, allowFailure = false): CommandResult {
  const started = Date.now();
  const result = m.ws.nx(['run-many', '-t', ...targets, '--output-style=static'], { env: { ...m.env, ...env }, allowFailure });
  if (label) seconds[label] = (Date.now() - started) / 1000;
  return result;
}

/**
 * Each task Nx printed (the lock gates left out), and where its result came from: `remote cache`,
 * `local cache` (`[local cache]`, `[existing outputs match the cache, left as is]`) or `run`.
 */
function origins(result: CommandResult): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of result.output.split('\n')) {
    const m = /^\s*>\s+nx run (\S+)(?:\s+\[([^\]]+)\])?\s*$/.exec(line);
    if (!m || m[1].endsWith(':cargo-lock')) continue;
    out.set(m[1], m[2] === undefined ? 'run' : m[2] === 'remote cache' ? 'remote cache' : /cache/.test(m[2]) ? 'local cache' : m[2]);
  }
  return out;
}

/** The tasks of `targets` the fixture has (hello, a binary, has no `doc`). */
const tasksOf = (targets: string[]) =>
  CRATES.flatMap((c) => targets.map((t) => `${c}:${t}`))
    .filter((t) => t !== 'hello:doc')
    .sort();

/** Every task's hash of the last run (the lock gate's included), from the local plugin. */
const taskHashes = (ws: TestWorkspace): Record<string, string> => JSON.parse(ws.read('dist/task-hashes.json')) as Record<string, string>;

/** Each task's hash as the metrics report recorded it (`crate:target` → hash). */
function metricsHashes(ws: TestWorkspace): Record<string, string> {
  const report = JSON.parse(ws.read('dist/rust-metrics/metrics.json')) as { crates: Record<string, { targets: Record<string, { hash?: string }> }> };
  const out: Record<string, string> = {};
  for (const [crate, { targets }] of Object.entries(report.crates)) for (const [target, e] of Object.entries(targets)) if (e.hash) out[`${crate}:${target}`] = e.hash;
  return out;
}

/** The files of dist/packages, by relative path, with their bytes. */
function packages(ws: TestWorkspace): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (dir: string, rel: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(dir, e.name), `${rel}${e.name}/`);
      else files.set(`${rel}${e.name}`, readFileSync(join(dir, e.name)));
    }
  };
  walk(ws.path('dist/packages'), '');
  return files;
}

const hello = (ws: TestWorkspace) => run(ws.path('dist/target/dev/hello/hello'), [], ws.root).stdout.trim();

function ensureSccache(): string {
  const result = run(process.execPath, [join(REPO_ROOT, 'scripts', 'ensure-sccache.mjs')], REPO_ROOT, { timeoutMs: 10 * 60 * 1000 });
  const bin = /^SCCACHE=(.+)$/m.exec(result.stdout)?.[1] ?? '';
  expect(bin).not.toBe('');
  return bin;
}

/**
 * The environment of a machine building through sccache: its wrapper, its cache folder and port,
 * and no incremental compilation (sccache cannot cache an incremental compile).
 */
const withSccache = () => ({ RUSTC_WRAPPER: 'sccache', CARGO_INCREMENTAL: '0', ...sccache.env });

/** sccache's counters (`--show-stats`) by name: `Cache hits`, `Cache misses`, … */
function sccacheStats(): Record<string, number> {
  const out = run(sccache.bin, ['--show-stats'], around, { env: sccache.env }).stdout;
  const stats: Record<string, number> = {};
  for (const m of out.matchAll(/^([A-Z][\w ()-]*?)\s{2,}(\d+)\s*$/gm)) stats[m[1]] = Number(m[2]);
  return stats;
}

const isListening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });

/** Whether nothing listens on `port` any more, within a few seconds. */
async function stopped(port: number): Promise<boolean> {
  for (let i = 0; i < 50; i++) {
    if (!(await isListening(port))) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

beforeAll(async () => {
  const created = createWorkspace('remote-cache');
  around = mkdtempSync(join(dirname(created.root), 'remote-cache-around-'));
  // The local plugin recording each task's hash, beside @ms/rust.
  created.write('nx.json', JSON.stringify({ plugins: ['@ms/rust', './tools/task-hashes.js'] }, null, 2) + '\n');
  created.commit('record task hashes');
  const aRoot = join(around, 'ci', 'a', 'repo');
  mkdirSync(dirname(aRoot), { recursive: true });
  renameSync(created.root, aRoot);
  a = machine('a', new TestWorkspace(aRoot), 'alice', 'UTC');
  cache = await startRemoteCache({ dir: join(around, 'cache'), token: TOKEN, readOnlyToken: READ_ONLY_TOKEN });
  const port = Number(/:(\d+)$/.exec(await downServerUrl())![1]);
  sccache = { bin: ensureSccache(), env: { SCCACHE_DIR: join(around, 'sccache'), SCCACHE_SERVER_PORT: String(port) } };
});

afterAll(async () => {
  await cache?.close();
  // Also when a test failed before stopping it (no server running: sccache says so, and that is all).
  if (sccache) run(sccache.bin, ['--stop-server'], around, { env: sccache.env, allowFailure: true });
  console.log(`[remote-cache] wall seconds: ${JSON.stringify(seconds)}`);
  if (around && !process.env[KEEP_ENV]) rmSync(around, { recursive: true, force: true });
});

describe('one commit, two clones, one remote cache', () => {
  it('clone A (RUSTC_WRAPPER=sccache) builds cold and fills the remote cache', () => {
    const env = { ...cache.env(), ...withSccache() };
    const ci = runMany(a, CI_TARGETS, env, 'A cold: build test lint package');
    expect(Object.fromEntries(origins(ci))).toEqual(Object.fromEntries(tasksOf(CI_TARGETS).map((t) => [t, 'run'])));
    aHashes = taskHashes(a.ws);
    const other = runMany(a, OTHER_TARGETS, env, 'A cold: fmt doc check');
    aHashes = { ...aHashes, ...taskHashes(a.ws) };
    aMetrics = metricsHashes(a.ws);
    expect(Object.keys(aMetrics).sort()).toEqual(tasksOf([...CI_TARGETS, ...OTHER_TARGETS]));
    expect([...origins(other).keys()].sort()).toEqual(tasksOf(OTHER_TARGETS));
    // Every cacheable task stored once; the lock gates (never cached) are not.
    const stored = cache.requests().filter((r) => r.method === 'PUT' && r.status === 200).map((r) => r.hash).sort();
    expect(stored).toEqual(Object.values(aMetrics).sort());
    expect(Object.keys(aHashes).filter((t) => t.endsWith(':cargo-lock')).sort()).toEqual(['greet:cargo-lock', 'hello:cargo-lock']);
    expect(hello(a.ws)).toBe(GREETING);
    aPackages = packages(a.ws);
    expect([...aPackages.keys()].some((f) => f.endsWith('.tar.gz'))).toBe(true);
    expect([...aPackages.keys()].some((f) => f.endsWith('.crate'))).toBe(true);
    expect(sccacheStats()['Cache misses']).toBeGreaterThan(0);
  });

  it('clone B (another path, HOME, USER, CARGO_HOME, TZ, started under cargo, later, no sccache) replays every task from the remote cache without starting cargo', () => {
    b = machine('b', cloneAt(a.ws, join(around, 'elsewhere', 'deeper', 'b')), 'bob', 'Asia/Kolkata');
    // rustup names the toolchain it picked in RUSTUP_TOOLCHAIN for every process it starts: an nx
    // run by `cargo make` or an xtask has it, one run from a shell does not.
    b.env.RUSTUP_TOOLCHAIN = activeToolchain();
    expect(existsSync(b.ws.path('target'))).toBe(false);
    const before = cache.requests().length;
    const result = runMany(b, CI_TARGETS, cache.env(), 'B from the remote cache: build test lint package');
    const tasks = tasksOf(CI_TARGETS);
    expect(Object.fromEntries(origins(result))).toEqual(Object.fromEntries(tasks.map((t) => [t, 'remote cache'])));
    const gets = cache.requests().slice(before);
    expect(gets.filter((r) => r.method === 'GET' && r.status === 200).map((r) => r.hash).sort()).toEqual(tasks.map((t) => aMetrics[t]).sort());
    expect(gets.filter((r) => r.method === 'PUT')).toEqual([]);
    expect(b.cargoCalls()).toEqual([]);
    expect(existsSync(b.ws.path('target'))).toBe(false);
    expect(hello(b.ws)).toBe(GREETING);
    const bPackages = packages(b.ws);
    expect([...bPackages.keys()].sort()).toEqual([...aPackages.keys()].sort());
    for (const [file, bytes] of aPackages) expect({ file, same: bPackages.get(file)!.equals(bytes) }).toEqual({ file, same: true });
  });

  it('every task, the lock gates included, has the same hash in both clones, with and without sccache', () => {
    const ci = taskHashes(b.ws);
    const other = runMany(b, OTHER_TARGETS, cache.env());
    expect([...new Set(origins(other).values())]).toEqual(['remote cache']);
    expect(b.cargoCalls()).toEqual([]);
    expect({ ...ci, ...taskHashes(b.ws) }).toEqual(aHashes);
    expect(metricsHashes(b.ws)).toEqual(aMetrics);
    // The wrapper on B now: the same hashes, so Nx's own cache replays everything.
    const wrapped = runMany(b, [...CI_TARGETS, ...OTHER_TARGETS], { ...cache.env(), ...withSccache() });
    expect([...new Set(origins(wrapped).values())]).toEqual(['local cache']);
    expect(metricsHashes(b.ws)).toEqual(aMetrics);
    expect(b.cargoCalls()).toEqual([]);
  });

  it('a change in clone B is not replayed from the remote cache: the binary prints the new text', () => {
    b.ws.replace('greet/src/lib.rs', 'format!("Hello, {name}!")', 'format!("Hi, {name}!")');
    b.ws.replace('greet/src/lib.rs', '"Hello, Nx!"', '"Hi, Nx!"');
    const before = cache.requests().length;
    const result = runMany(b, ['build', 'test'], cache.env());
    expect(Object.fromEntries(origins(result))).toEqual(Object.fromEntries(tasksOf(['build', 'test']).map((t) => [t, 'run'])));
    expect(hello(b.ws)).toBe('Hi, world!');
    const answered = cache.requests().slice(before).filter((r) => r.method === 'GET');
    expect(answered.map((r) => r.status)).toEqual(answered.map(() => 404));
    // Undone: A's results again, from Nx's own cache this time.
    run('git', ['checkout', '--', 'greet/src/lib.rs'], b.ws.root);
    const undone = runMany(b, ['build'], cache.env());
    expect([...new Set(origins(undone).values())]).toEqual(['local cache']);
    expect(hello(b.ws)).toBe(GREETING);
  });
});

describe('sccache under Nx', () => {
  it("a task that misses Nx's cache compiles from sccache's cache, on a machine checking out at clone A's path", () => {
    // sccache keys a Rust compilation by its working folder and the CARGO_* variables (CARGO_HOME
    // among them) too: it serves checkouts at one path with one home (as CI runners have), not
    // clone B's. A new machine at A's paths, its Nx cache (under HOME) empty.
    const aRoot = a.ws.root;
    renameSync(aRoot, `${aRoot}-before`);
    renameSync(join(around, 'homes', 'a'), join(around, 'homes', 'a-before'));
    const c = machine('c', cloneAt(new TestWorkspace(`${aRoot}-before`), aRoot), 'carol', 'America/New_York', 'a');
    run(sccache.bin, ['--zero-stats'], around, { env: sccache.env });
    const result = runMany(c, ['build', 'package'], withSccache());
    expect([...new Set(origins(result).values())]).toEqual(['run']);
    const stats = sccacheStats();
    // greet's libraries (hello's binary is linked, which sccache never caches): at least one of
    // their compilations comes from sccache's cache. With Nx 24.0.6 and Debian's sccache one of
    // the two misses here (sccache keys each compilation by its whole command line and
    // environment); a miss only compiles again, and the hashes and the binary are checked below.
    expect(stats['Cache hits']).toBeGreaterThanOrEqual(1);
    expect(stats['Cache hits']).toBeGreaterThanOrEqual(stats['Cache misses']);
    expect(hello(c.ws)).toBe(GREETING);
    expect(metricsHashes(c.ws)).toEqual(Object.fromEntries(Object.entries(aMetrics).filter(([t]) => /:(build|package)$/.test(t))));
  });

  it('sccache --stop-server leaves no sccache server behind', async () => {
    run(sccache.bin, ['--stop-server'], around, { env: sccache.env });
    expect(await stopped(Number(sccache.env.SCCACHE_SERVER_PORT))).toBe(true);
  });
});

describe('a remote cache Nx cannot use', () => {
  /** A fresh clone on a machine of its own: an empty Nx cache, nothing built. */
  const fresh = (name: string) => machine(name, cloneAt(b.ws, join(around, name, 'repo')), name, 'UTC');

  it('a read-only token: every task replayed from the remote cache where it holds them, the rest built, nothing stored', () => {
    const m = fresh('readonly');
    m.ws.replace('hello/src/main.rs', 'greet::greeting("world")', 'greet::greeting("reader")');
    const before = cache.requests().length;
    const stored = cache.stored();
    const result = runMany(m, ['build'], cache.env(READ_ONLY_TOKEN));
    expect(Object.fromEntries(origins(result))).toEqual({ 'greet:build': 'remote cache', 'hello:build': 'run' });
    expect(hello(m.ws)).toBe('Hello, reader!');
    expect(cache.requests().slice(before).filter((r) => r.method === 'PUT').map((r) => r.status)).toEqual([403]);
    expect(cache.stored()).toEqual(stored);
  });

  // Nx 24.0.6 stops the run when the remote cache answers a lookup with anything but 200 or 404,
  // or cannot be reached: before any task runs, naming the cause. `--skip-remote-cache` (or
  // NX_SKIP_REMOTE_CACHE=true) then builds without it.
  it.each([
    ['a wrong token', async () => cache.env('wrong-token'), 'Unauthorized: Missing or invalid authentication token'],
    ['a server that is down', async () => ({ ...cache.env(), NX_SELF_HOSTED_REMOTE_CACHE_SERVER: await downServerUrl() }), 'Failed to send request'],
  ])('%s: Nx stops before running anything, with its message; without the remote cache it builds', async (label, envOf, message) => {
    const m = fresh(label.replace(/\W+/g, '-'));
    const env = await envOf();
    const failed = runMany(m, ['build'], env, undefined, true);
    expect(failed.status).not.toBe(0);
    expect(failed.output).toContain(message);
    expect(m.cargoCalls()).toEqual([]);
    expect(existsSync(m.ws.path('dist/target'))).toBe(false);
    const skipped = runMany(m, ['build'], { ...env, NX_SKIP_REMOTE_CACHE: 'true' });
    expect(skipped.output).toContain('Remote Cache Disabled');
    expect(Object.fromEntries(origins(skipped))).toEqual({ 'greet:build': 'run', 'hello:build': 'run' });
    expect(hello(m.ws)).toBe(GREETING);
  });
});
