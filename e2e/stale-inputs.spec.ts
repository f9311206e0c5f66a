/**
 * What a crate compiles (or its tests read) from outside its folder, and the variables its sources
 * read at compile time, reach the hash of every target that compiles it; files only its tests
 * read leave `build` cached. Checked with the oracle: each change really changes a result (a
 * binary prints something else, a test or clippy fails), and what Nx gives after it must equal
 * what a lone cargo run gives.
 *
 * Fixture `stale-inputs` (crates/*, `shared/` holds the files outside every crate):
 *   paths     `#[path]` modules in shared/, one inside an inline module, and a `mod` of that
 *             outside module whose own `include_str!` names shared/words.txt
 *   outside   `[[bin]] path` and `build` outside the crate folder
 *   linked    a symlinked file (src/data.txt) and a symlinked folder (assets/) pointing into shared/,
 *             a symlinked module (src/inside.rs) and module folder (src/more/) pointing into its own
 *             tests/ (made by the test: copying the fixture would resolve them)
 *   beyond    files beyond the Nx root, in ../stale-inputs-beyond/ (written by the test): an
 *             `include_str!` above the root, one by an absolute path, a `#[path]` module, a symlinked
 *             file; and a symlinked folder there (cannot be hashed: a warning)
 *   computed  `include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/…"))`, an include path from a
 *             macro (cannot be resolved: widened, with a warning), `env!`, `option_env!`
 *   scripted  a build script watching a computed path (widened, with a warning), reading a
 *             variable by a literal name and one by a computed name (a warning)
 *   reads     a library with tests: a literal `include_str!` and `include!` outside the crate, a
 *             build script watching a file outside it, an integration test reading
 *             tests/fixtures/expected.txt at run time
 *   user      a library depending on reads, whose test checks what reads included
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { oracle, oracleTable } from './utils/oracle';
import { createWorkspace, run, taskOutcomes, type CommandResult, type TestWorkspace } from './utils/workspace';

/** computed's `env!("STALE_GREETING")` needs it set to compile. */
const BASE_ENV = { STALE_GREETING: 'hello', STALE_SUFFIX: undefined, STALE_STAMP: undefined, STALE_DYNAMIC: undefined };

describe('inputs of what a crate compiles from outside its folder', () => {
  let ws: TestWorkspace;
  let env: Record<string, string | undefined> = { ...BASE_ENV };

  const nx = (args: string[], allowFailure = false) => ws.nx([...args, '--output-style=static'], { env, allowFailure });
  /** How Nx got `task` in `result`: `cache` or `run`. */
  const via = (result: CommandResult, task: string) => taskOutcomes(result).get(task) ?? 'missing';
  const binary = (project: string) => run(ws.path(`dist/target/dev/${project}/${project}`), [], ws.root).stdout.trim();
  const passed = (result: CommandResult) => (result.status === 0 ? 'passed' : 'failed');

  /** Commits `edit`, then compares the binary `nx build` gives with the one a lone `cargo build -p` gives. */
  const buildCase = (name: string, project: string, edit: () => void) => {
    edit();
    ws.commit(name);
    const result = nx(['build', project]);
    const fromNx = binary(project);
    ws.cargo(['build', '-p', project], { env });
    const fromCargo = run(ws.path(`target/debug/${project}`), [], ws.root).stdout.trim();
    const c = oracle({ name, nx: fromNx, cargo: fromCargo, via: via(result, `${project}:build`) });
    expect(c.nx).toBe(c.cargo);
    return result;
  };

  /** Commits `edit`, then compares whether `nx <target>` and the lone cargo command pass. */
  const resultCase = (name: string, target: string, project: string, cargoArgs: string[], edit: () => void) => {
    edit();
    ws.commit(name);
    const result = nx([target, project], true);
    const lone = ws.cargo(cargoArgs, { env, allowFailure: true });
    const c = oracle({ name, nx: passed(result), cargo: passed(lone), via: via(result, `${project}:${target}`) });
    expect(c.nx).toBe(c.cargo);
    return result;
  };

  /** Beside the Nx root: what `beyond` compiles from outside it. */
  let beyondDir: string;
  const writeBeyond = (name: string, text: string) => writeFileSync(join(beyondDir, name), text);

  beforeAll(() => {
    ws = createWorkspace('stale-inputs');
    symlinkSync('../../../shared/data.txt', ws.path('crates/linked/src/data.txt'));
    symlinkSync('../../shared/assets', ws.path('crates/linked/assets'), 'dir');
    symlinkSync('../tests/shared/inside.rs', ws.path('crates/linked/src/inside.rs'));
    symlinkSync('../tests/more', ws.path('crates/linked/src/more'), 'dir');
    beyondDir = join(dirname(ws.root), 'stale-inputs-beyond');
    mkdirSync(join(beyondDir, 'folder'), { recursive: true });
    writeBeyond('rel.txt', 'rel one\n');
    writeBeyond('abs.txt', 'abs one\n');
    writeBeyond('linked.txt', 'linked one\n');
    writeBeyond('module.rs', 'pub const MODULE: &str = "module one";\n');
    ws.write('crates/beyond/src/abs.rs', `const ABS: &str = include_str!(${JSON.stringify(join(beyondDir, 'abs.txt'))});\n`);
    symlinkSync(join(beyondDir, 'linked.txt'), ws.path('crates/beyond/src/linked.txt'));
    symlinkSync(join(beyondDir, 'folder'), ws.path('crates/beyond/folder'), 'dir');
    ws.commit('symlinks into shared/ and tests/, files beyond the Nx root');
    // Warm the cache with every result before the first change.
    nx(['run-many', '-t', 'build', 'test', 'lint', 'check']);
  });

  afterAll(() => console.log(`[oracle] stale-inputs\n${oracleTable()}`));

  it('warns once per graph computation about what cannot be resolved, naming the crate, the file and the construct', () => {
    const { output } = ws.nx(['show', 'projects'], { env });
    const warnings = output.split('\n').filter((l) => l.includes('@ms/rust:') && l.includes('cannot'));
    const about = (crate: string, file: string, construct: string) =>
      warnings.filter((l) => l.includes(`crate ${crate}`) && l.includes(file) && l.includes(construct));
    expect(about('computed', 'crates/computed/src/main.rs', 'include_str!(somewhere!())')).toHaveLength(1);
    expect(about('scripted', 'crates/scripted/build.rs', 'cargo:rerun-if-changed={}')).toHaveLength(1);
    expect(about('scripted', 'crates/scripted/build.rs', 'env::var_os(&name)')).toHaveLength(1);
    // Beyond the Nx root, a folder cannot be hashed; the files are (see the cases below), and are not warned about.
    expect(about('beyond', 'crates/beyond/folder', '`symlink` points to a folder outside the Nx workspace: it cannot be hashed')).toHaveLength(1);
    expect(warnings.filter((l) => l.includes('crate beyond'))).toHaveLength(1);
  });

  describe('files a crate compiles from outside its folder', () => {
    it('a #[path] module outside the crate', () => {
      buildCase('#[path] module outside the crate', 'paths', () => ws.replace('shared/greeting.rs', 'greeting one', 'greeting two'));
    });

    it('a #[path] module inside an inline module (relative to its folder)', () => {
      buildCase('#[path] inside an inline mod', 'paths', () => ws.replace('shared/nested.rs', 'nested one', 'nested two'));
    });

    it('a file included by a module that lives outside the crate', () => {
      buildCase('include_str! of an outside module', 'paths', () => ws.write('shared/words.txt', 'words two\n'));
    });

    it('a [[bin]] path outside the crate', () => {
      buildCase('[[bin]] path outside the crate', 'outside', () => ws.replace('shared/outbin.rs', 'bin one', 'bin two'));
    });

    it('a build script outside the crate', () => {
      buildCase('build = "../../shared/build.rs"', 'outside', () => ws.replace('shared/build.rs', 'script one', 'script two'));
    });

    it('a symlinked file pointing outside the crate', () => {
      buildCase('symlinked file', 'linked', () => ws.write('shared/data.txt', 'data two\n'));
    });

    it('a symlinked folder pointing outside the crate', () => {
      buildCase('symlinked folder', 'linked', () => ws.write('shared/assets/a.txt', 'asset two\n'));
    });

    it('a symlinked module pointing into the crate\'s own tests/', () => {
      buildCase('symlinked module into tests/', 'linked', () => ws.replace('crates/linked/tests/shared/inside.rs', 'inside one', 'inside two'));
    });

    it('a symlinked module folder pointing into the crate\'s own tests/', () => {
      buildCase('symlinked module folder into tests/', 'linked', () => ws.replace('crates/linked/tests/more/mod.rs', 'more one', 'more two'));
    });

    it('an include_str! above the Nx root', () => {
      buildCase('include_str!("../../../../…") beyond the Nx root', 'beyond', () => writeBeyond('rel.txt', 'rel two\n'));
    });

    it('an include_str! of an absolute path outside the Nx root', () => {
      buildCase('include_str!("/…") beyond the Nx root', 'beyond', () => writeBeyond('abs.txt', 'abs two\n'));
    });

    it('a #[path] module above the Nx root', () => {
      buildCase('#[path] module beyond the Nx root', 'beyond', () => writeBeyond('module.rs', 'pub const MODULE: &str = "module two";\n'));
    });

    it('a symlinked file pointing beyond the Nx root', () => {
      buildCase('symlinked file beyond the Nx root', 'beyond', () => writeBeyond('linked.txt', 'linked two\n'));
    });

    it('an include path made with concat!(env!("CARGO_MANIFEST_DIR"), …)', () => {
      buildCase('concat!(env!("CARGO_MANIFEST_DIR"), …)', 'computed', () => ws.write('shared/concat.txt', 'concat two\n'));
    });

    it('an include path that cannot be resolved (widened)', () => {
      buildCase('include_str!(somewhere!())', 'computed', () => ws.write('shared/macro.txt', 'macro two\n'));
    });

    it('a file a build script watches through a computed path (widened)', () => {
      buildCase('rerun-if-changed={}', 'scripted', () => ws.write('shared/rerun.txt', 'rerun two\n'));
    });
  });

  describe('variables read at compile time', () => {
    it('env!("X") in a source file', () => {
      buildCase('env!("STALE_GREETING")', 'computed', () => {
        env = { ...env, STALE_GREETING: 'bye' };
      });
    });

    it('option_env!("X") in a source file', () => {
      buildCase('option_env!("STALE_SUFFIX")', 'computed', () => {
        env = { ...env, STALE_SUFFIX: '!' };
      });
    });

    it("a build script's env::var with a literal name is an input of the crate's compiling targets", () => {
      const inputs = (target: string) => ws.nxJson<{ environment?: string[] }>(['show', 'target', 'inputs', `scripted:${target}`, '--json'], { env }).environment ?? [];
      for (const target of ['build', 'test', 'check', 'lint']) expect({ target, has: inputs(target).includes('STALE_STAMP') }).toEqual({ target, has: true });
      // Variables cargo sets from the manifest are not inputs: the manifest already is.
      expect(inputs('build')).not.toContain('CARGO_MANIFEST_DIR');
      env = { ...env, STALE_STAMP: 'stamped' };
      expect(via(nx(['build', 'scripted']), 'scripted:build')).toBe('run');
    });
  });

  describe('outside reads reach test, lint and check, not only build', () => {
    it('a literal include_str! outside the crate breaks the tests: nx test fails too', () => {
      resultCase('include_str! outside, then test', 'test', 'reads', ['test', '-p', 'reads'], () => ws.write('shared/lit.txt', 'lit two\n'));
      // A crate depending on it sees it too (through ^cargo-compiled).
      const dependent = nx(['test', 'user'], true);
      const lone = ws.cargo(['test', '-p', 'user'], { env, allowFailure: true });
      const c = oracle({ name: 'include_str! outside, then a dependent test', nx: passed(dependent), cargo: passed(lone), via: via(dependent, 'user:test') });
      expect(c.nx).toBe(c.cargo);
      ws.write('shared/lit.txt', 'lit one\n');
      ws.commit('lit.txt back');
    });

    it('a file outside the crate its build script watches breaks the tests: nx test fails too', () => {
      resultCase('rerun-if-changed outside, then test', 'test', 'reads', ['test', '-p', 'reads'], () => ws.write('shared/watched.txt', 'watched two\n'));
      ws.write('shared/watched.txt', 'watched one\n');
      ws.commit('watched.txt back');
    });

    it('an include! outside the crate makes clippy fail: nx lint fails too', () => {
      resultCase('include! outside, then lint', 'lint', 'reads', ['clippy', '-p', 'reads', '--all-targets', '--', '-D', 'warnings'], () =>
        ws.replace('shared/twice.rs', 'x * 2\n', 'let doubled = x * 2;\n    doubled\n'),
      );
    });

    it('an include! outside the crate stops it compiling: nx check fails too', () => {
      resultCase('include! outside, then check', 'check', 'reads', ['check', '-p', 'reads', '--all-targets'], () =>
        ws.replace('shared/twice.rs', 'doubled\n', 'doubled + "one"\n'),
      );
      ws.replace('shared/twice.rs', 'let doubled = x * 2;\n    doubled + "one"\n', 'x * 2\n');
      ws.commit('twice.rs back');
    });
  });

  describe('precision: files only tests read', () => {
    it('a test fixture change re-runs test (it fails) and replays build, whose binary equals a fresh cargo build', () => {
      nx(['run-many', '-t', 'build', 'test', '-p', 'reads']);
      const result = resultCase('tests/fixtures/expected.txt, then test', 'test', 'reads', ['test', '-p', 'reads'], () =>
        ws.write('crates/reads/tests/fixtures/expected.txt', 'something else\n'),
      );
      expect(via(result, 'reads:test')).toBe('run');
      const build = nx(['build', 'reads']);
      const fromNx = binary('reads');
      ws.cargo(['build', '-p', 'reads'], { env });
      const c = oracle({ name: 'tests/fixtures/expected.txt, then build', nx: fromNx, cargo: run(ws.path('target/debug/reads'), [], ws.root).stdout.trim(), via: via(build, 'reads:build') });
      expect(c.nx).toBe(c.cargo);
      expect(c.via).toBe('cache');
      // Nor does it reach the build of a crate depending on it.
      expect(via(nx(['build', 'user']), 'user:build')).toBe('cache');
    });
  });
});
