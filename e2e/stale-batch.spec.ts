/**
 * A batch never changes a task's result: cargo resolves features once per call, over every package
 * it was given, so the crates of one batch could change each other's builds and tests (a cache filled
 * by `nx run-many` would then replay, for `nx build app`, a binary `cargo build -p app` never makes).
 *
 * Fixture `stale-batch`, two Cargo workspaces in one Nx workspace:
 * - `unify/` (resolver 2): base (library; its `loud` feature makes `word()` say "LOUD"), app (binary
 *   printing `base::word()`; its test expects "quiet"), other (library using base with `loud`), solo
 *   (binary, no dependencies; its test recurses about a megabyte deep).
 * - `legacy/` (no `resolver`, edition 2018 crates: resolver "1", where dev-dependency features reach
 *   normal builds): base1, app1 (as base and app), tool1 (a dev-dependency on base1 with `loud`).
 * - `hosts/` (resolver 2): dual (library with features `a` and `b`), ha (uses dual with `b`, and
 *   with `a` in its build script, which is built for the host apart), hb (the other way round); each
 *   binary prints the features of both builds of dual.
 *
 * Each case compares what Nx gives (run in a batch, or replayed from the cache a batch filled) with
 * what a lone `cargo <command> -p <crate>` gives in a fresh target folder.
 */
import { rmSync } from 'node:fs';
import { oracle, oracleTable } from './utils/oracle';
import { cargoShim, createWorkspace, run, taskOutcomes, type CargoShim, type TestWorkspace } from './utils/workspace';

describe('a batch never changes results (cargo feature unification)', () => {
  let ws: TestWorkspace;
  let shim: CargoShim;

  beforeAll(() => {
    ws = createWorkspace('stale-batch');
    shim = cargoShim(ws);
  });
  afterAll(() => console.log(`stale-batch oracle:\n${oracleTable()}`));

  /** The output of a binary Nx left in dist (built or restored from the cache). */
  const distOutput = (project: string, bin = project) => run(ws.path(`dist/target/dev/${project}/${bin}`), [], ws.root).stdout.trim();

  /** The output of the binary a lone `cargo build -p <crate>` makes in a target folder of its own. */
  function loneBinary(cargoWs: string, crate: string): string {
    const targetDir = ws.path(`.lone-target/${crate}`);
    rmSync(targetDir, { recursive: true, force: true });
    ws.cargo(['build', '-q', '-p', crate, '--target-dir', targetDir], { cwd: cargoWs });
    return run(`${targetDir}/debug/${crate}`, [], ws.root).stdout.trim();
  }

  /** `passed` or `failed`: a lone `cargo test -p <crate>` in a target folder of its own. */
  function loneTestWith(cargoWs: string, crate: string, env: Record<string, string> = {}): string {
    const targetDir = ws.path(`.lone-target/${crate}-test`);
    const result = ws.cargo(['test', '-q', '-p', crate, '--target-dir', targetDir], { cwd: cargoWs, env, allowFailure: true });
    return result.status === 0 ? 'passed' : 'failed';
  }
  const loneTest = (cargoWs: string, crate: string) => loneTestWith(cargoWs, crate);

  const taskStatus = (output: string, task: string) => (new RegExp(`Failed tasks:[\\s\\S]*- ${task}\\b`).test(output) ? 'failed' : 'passed');

  it('resolver 2: a crate built in one cargo call with a crate enabling a feature of their shared dependency gets its own build', () => {
    ws.append('.gitignore', '.lone-target/\n');
    ws.commit('ignore lone builds');
    const batch = ws.nx(['run-many', '-t', 'build', '--output-style=static'], { env: shim.env });
    const c = oracle({ name: 'resolver 2, run-many -t build: app beside other (base with `loud`)', nx: distOutput('app'), cargo: loneBinary('unify', 'app'), via: 'run' });
    expect(c.nx).toBe(c.cargo);
    // The crates that agree still share one cargo call; only other goes apart.
    const builds = shim.calls().filter((l) => l.startsWith('build ') && l.includes('-p app@'));
    expect(builds).toHaveLength(1);
    expect(builds[0]).toMatch(/-p app@0\.1\.0 -p base@0\.1\.0 -p solo@0\.1\.0/);
    expect(builds[0]).not.toContain('other@');
    expect(shim.calls().filter((l) => l.startsWith('build ') && l.includes('-p other@0.1.0'))).toHaveLength(1);
    expect(batch.output).toContain('cargo build: 2 cargo calls instead of one');
  });

  it('resolver 2: the build the batch cached is what `cargo build -p app` makes', () => {
    rmSync(ws.path('dist'), { recursive: true, force: true });
    const replay = ws.nx(['build', 'app', '--output-style=static']);
    expect(taskOutcomes(replay).get('app:build')).toBe('cache');
    const c = oracle({ name: 'resolver 2, nx build app after the batch', nx: distOutput('app'), cargo: loneBinary('unify', 'app'), via: 'cache' });
    expect(c.nx).toBe(c.cargo);
  });

  it('resolver 2: a test that passes alone passes in the batch (and the reverse)', () => {
    const batch = ws.nx(['run-many', '-t', 'test', '--output-style=static'], { allowFailure: true });
    const c = oracle({ name: 'resolver 2, run-many -t test: app:test beside other', nx: taskStatus(batch.output, 'app:test'), cargo: loneTest('unify', 'app'), via: 'run' });
    expect(c.nx).toBe(c.cargo);
    expect(batch.status).toBe(0);
  });

  it('resolver 1: a dev-dependency feature of another crate of the batch does not reach app1', () => {
    rmSync(ws.path('dist'), { recursive: true, force: true });
    ws.nx(['run-many', '-t', 'build', '--projects', 'app1,base1,tool1', '--output-style=static']);
    const built = oracle({ name: 'resolver 1, run-many -t build: app1 beside tool1 (dev-dependency base1 with `loud`)', nx: distOutput('app1'), cargo: loneBinary('legacy', 'app1'), via: 'run' });
    expect(built.nx).toBe(built.cargo);
    const batch = ws.nx(['run-many', '-t', 'test', '--projects', 'app1,base1,tool1', '--output-style=static'], { allowFailure: true });
    for (const crate of ['app1', 'tool1']) {
      const c = oracle({ name: `resolver 1, run-many -t test: ${crate}:test`, nx: taskStatus(batch.output, `${crate}:test`), cargo: loneTest('legacy', crate), via: 'run' });
      expect(c.nx).toBe(c.cargo);
    }
  });

  it('resolver 2: crates asking for the same features of a package, but for the host and the target the other way round, get their own builds', () => {
    rmSync(ws.path('dist'), { recursive: true, force: true });
    ws.nx(['run-many', '-t', 'build', '--projects', 'dual,ha,hb', '--output-style=static']);
    for (const crate of ['ha', 'hb']) {
      const c = oracle({ name: `resolver 2, run-many -t build: ${crate} beside its mirror image`, nx: distOutput(crate), cargo: loneBinary('hosts', crate), via: 'run' });
      expect(c.nx).toBe(c.cargo);
    }
  });

  it('what the test harness reads when tests run is an input of test: RUST_MIN_STACK too small for a deep test', () => {
    const env = { RUST_MIN_STACK: '65536' };
    const result = ws.nx(['test', 'solo', '--output-style=static'], { env, allowFailure: true });
    const c = oracle({ name: 'RUST_MIN_STACK=65536, then nx test solo (passed before)', nx: result.status === 0 ? 'passed' : 'failed', cargo: loneTestWith('unify', 'solo', env), via: taskOutcomes(result).get('solo:test') });
    expect(c.nx).toBe(c.cargo);
    expect(c.nx).toBe('failed');
  });

  it('a change that does change the result is not replayed: app asks for `loud` itself', () => {
    ws.replace('unify/app/Cargo.toml', 'base = { path = "../base" }', 'base = { path = "../base", features = ["loud"] }');
    ws.commit('app is loud');
    const result = ws.nx(['build', 'app', '--output-style=static']);
    expect(taskOutcomes(result).get('app:build')).toBe('run');
    const c = oracle({ name: 'app depends on base with `loud`, then nx build app', nx: distOutput('app'), cargo: loneBinary('unify', 'app'), via: 'run' });
    expect(c.nx).toBe(c.cargo);
    expect(c.nx).toBe('LOUD');
  });
});
