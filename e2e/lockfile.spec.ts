/**
 * Each crate's slice of Cargo.lock: which registry packages reach its cache key.
 *
 * Fixture `locked`: crates/api (path dependency on model, plus serde), crates/model (itoa 1),
 * crates/worker (rand, itoa 0.4), crates/plain (nothing), and a hand-written Cargo.lock. It is
 * never compiled (crates.io is out of reach): the lists come from
 * `nx show target inputs <crate>:build --json`, and the cache behaviour from `check`, which the
 * plugin's own options turn into a plain `echo` (merged over the inferred target, its inputs
 * kept), so that a cache miss costs nothing and needs no registry.
 */
import { createWorkspace, taskIds, taskOutcomes, tasksWith, type TestWorkspace } from './utils/workspace';

const CRATES = ['api', 'model', 'plain', 'worker'];

/** Each crate's closure in the Cargo.lock, walked by hand from the lock's `dependencies` lists. */
const CLOSURE: Record<string, string[]> = {
  // serde → serde_derive → proc-macro2, quote, syn → unicode-ident; itoa 1 through the path dependency on model.
  api: ['itoa@1.0.11', 'proc-macro2@1.0.86', 'quote@1.0.36', 'serde@1.0.204', 'serde_derive@1.0.204', 'syn@2.0.72', 'unicode-ident@1.0.12'],
  model: ['itoa@1.0.11'],
  plain: [],
  // rand → libc, rand_chacha → ppv-lite86, rand_core; the other major version of itoa.
  worker: ['itoa@0.4.8', 'libc@0.2.155', 'ppv-lite86@0.2.17', 'rand@0.8.5', 'rand_chacha@0.3.1', 'rand_core@0.6.4'],
};

const cargoNodes = (names: string[]) => names.map((n) => `cargo:${n}`).sort();

describe('Cargo.lock slices', () => {
  let ws: TestWorkspace;
  const external = (crate: string, target = 'build') =>
    [...ws.nxJson<{ external?: string[] }>(['show', 'target', 'inputs', `${crate}:${target}`, '--json']).external ?? []].sort();
  const externals = () => Object.fromEntries(CRATES.map((c) => [c, external(c)]));
  /** The `check` tasks nx ran rather than replayed from the cache. */
  const checkRan = () => {
    const outcomes = taskOutcomes(ws.nx(['run-many', '-t', 'check']));
    expect([...outcomes.keys()].sort()).toEqual(taskIds(CRATES, ['check']));
    return tasksWith(outcomes, 'run');
  };

  beforeAll(() => {
    ws = createWorkspace('locked', { pluginOptions: { check: { executor: 'nx:run-commands', options: { command: 'echo checked' } } } });
  });

  /** The lists before any change (checksum changes below leave the names as they are). */
  let initial: Record<string, string[]>;

  it('each crate sees exactly its own closure of registry packages', () => {
    initial = externals();
    expect(initial).toEqual(Object.fromEntries(CRATES.map((c) => [c, cargoNodes(CLOSURE[c])])));
    // The compiling targets share the slice.
    expect(external('api', 'check')).toEqual(cargoNodes(CLOSURE.api));
  });

  it('a new checksum of a package only worker uses misses only worker’s cache', () => {
    expect(checkRan()).toEqual(taskIds(CRATES, ['check']));
    expect(checkRan()).toEqual([]);
    changeChecksum('libc', '0.2.155');
    expect(checkRan()).toEqual(['worker:check']);
    // itoa 1 is model's, and api's through its path dependency on model; not worker's (itoa 0.4).
    changeChecksum('itoa', '1.0.11');
    expect(checkRan()).toEqual(['api:check', 'model:check']);
  });

  it('a version bump of a package only worker uses changes only worker’s list', () => {
    // A new version is a new archive: cargo records its own checksum.
    ws.replace('Cargo.lock', /name = "libc"\nversion = "0\.2\.155"/, 'name = "libc"\nversion = "0.2.156"');
    changeChecksum('libc', '0.2.156');
    const after = externals();
    expect(after.worker).toEqual(cargoNodes(CLOSURE.worker.map((p) => (p === 'libc@0.2.155' ? 'libc@0.2.156' : p))));
    expect({ ...after, worker: initial.worker }).toEqual(initial);
    expect(checkRan()).toEqual(['worker:check']);
  });

  /** Rewrites the checksum line of one `[[package]]` of Cargo.lock. */
  function changeChecksum(name: string, version: string): void {
    const block = new RegExp(`(name = "${name}"\\nversion = "${version.replace(/\./g, '\\.')}"\\nsource = "[^"]*"\\nchecksum = ")([0-9a-f])`);
    ws.replace('Cargo.lock', block, (_: string, head: string, first: string) => `${head}${first === '0' ? '1' : '0'}`);
  }
});

describe('Cargo.lock slice of the crate at the Cargo workspace root', () => {
  // Fixture `root-crate`: package `rooted` at the root (no dependencies) and member
  // crates/numbers (itoa). Cargo.lock lies in rooted's folder, but only numbers uses itoa.
  let ws: TestWorkspace;

  beforeAll(() => {
    ws = createWorkspace('root-crate', { pluginOptions: { check: { executor: 'nx:run-commands', options: { command: 'echo checked' } } } });
  });

  it('a new checksum of a package only the member uses misses only the member’s cache', () => {
    const external = (crate: string) =>
      [...(ws.nxJson<{ external?: string[] }>(['show', 'target', 'inputs', `${crate}:build`, '--json']).external ?? [])].sort();
    expect({ rooted: external('rooted'), numbers: external('numbers') }).toEqual({ rooted: [], numbers: ['cargo:itoa@1.0.11'] });
    const checkRan = () => {
      const outcomes = taskOutcomes(ws.nx(['run-many', '-t', 'check']));
      expect([...outcomes.keys()].sort()).toEqual(['numbers:check', 'rooted:check']);
      return tasksWith(outcomes, 'run');
    };
    expect(checkRan()).toEqual(['numbers:check', 'rooted:check']);
    expect(checkRan()).toEqual([]);
    ws.replace('Cargo.lock', /checksum = "3/, 'checksum = "4');
    expect(checkRan()).toEqual(['numbers:check']);
  });
});

describe('Cargo.lock and nx affected', () => {
  // Every crate has a `cargo-lock` gate task whose input is the whole Cargo.lock; the compiling
  // targets depend on it, so a lock-only commit reaches them, while their hashes see only their slice.
  let ws: TestWorkspace;

  beforeAll(() => {
    ws = createWorkspace('locked', { pluginOptions: { check: { executor: 'nx:run-commands', options: { command: 'echo checked' } } } });
  });

  it('a commit that changes only Cargo.lock makes every crate of the Cargo workspace affected', () => {
    bumpItoaChecksum(ws);
    const affected = ws.nxJson<string[]>(['show', 'projects', '--affected', '--base=HEAD~1', '--head=HEAD', '--json']).sort();
    console.log(`Cargo.lock (itoa 1 checksum) → nx show projects --affected\n  expected: ${CRATES.join(' ')}\n  actual:   ${affected.join(' ')}`);
    expect(affected).toEqual(CRATES);
  });

  it('nx affected selects every crate’s check, and runs only those whose slice changed', () => {
    // Warm the cache at the commit before the change, then come back.
    ws.git(['checkout', '-q', 'HEAD~1']);
    ws.nx(['run-many', '-t', 'check']);
    ws.git(['checkout', '-q', 'main']);
    const outcomes = taskOutcomes(ws.nx(['affected', '-t', 'check', '--base=HEAD~1', '--head=HEAD']));
    const checks = [...outcomes.keys()].filter((t) => t.endsWith(':check')).sort();
    const ran = tasksWith(outcomes, 'run').filter((t) => t.endsWith(':check'));
    console.log(`Cargo.lock (itoa 1 checksum) → nx affected -t check\n  selected: ${checks.join(' ')}\n  ran:      ${ran.join(' ')} (expected api:check model:check)`);
    expect(checks).toEqual(taskIds(CRATES, ['check']));
    expect(ran).toEqual(['api:check', 'model:check']);
  });

  /** Changes one package's checksum in Cargo.lock and commits it. */
  function bumpItoaChecksum(ws: TestWorkspace): void {
    ws.replace('Cargo.lock', /(name = "itoa"\nversion = "1\.0\.11"\nsource = "[^"]*"\nchecksum = ")([0-9a-f])/, (_m, head: string, c: string) => head + (c === '0' ? '1' : '0'));
    ws.commit('bump a checksum');
  }
});
