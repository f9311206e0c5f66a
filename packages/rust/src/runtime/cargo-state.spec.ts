import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { printEnvironment, printFiles, printWorkspace, type WorkspaceState } from './cargo-state';

/** A folder holding an Nx root (`repo/`), a CARGO_HOME, and what lies beside and above them. */
let top: string;
const write = (rel: string, text: string) => {
  mkdirSync(dirname(join(top, rel)), { recursive: true });
  writeFileSync(join(top, rel), text);
};
const state = (s: WorkspaceState, env: NodeJS.ProcessEnv = { CARGO_HOME: join(top, 'home') }) => {
  let out: string[] = [];
  printWorkspace(s, join(top, 'repo'), env, (lines) => (out = lines));
  return out;
};

beforeEach(() => {
  top = mkdtempSync(join(tmpdir(), 'cargo-state-'));
  write('repo/Cargo.toml', '[workspace]\n');
});
afterEach(() => rmSync(top, { recursive: true, force: true }));

describe('printWorkspace', () => {
  it('prints the environment too when asked (env: true), as printEnvironment does, after the config settings', () => {
    write('repo/.cargo/config.toml', '[build]\nrustflags = ["-g"]\n');
    const env = { CARGO_HOME: join(top, 'home'), RUSTFLAGS: '-Dwarnings', CARGO_TERM_COLOR: 'always', PATH: '/bin' };
    let alone: string[] = [];
    printEnvironment(env, (lines) => (alone = lines));
    expect(alone).toEqual(['RUSTFLAGS=-Dwarnings']);
    expect(state({ dir: '', env: true }, env)).toEqual(['config build.rustflags=["-g"]', 'env RUSTFLAGS=-Dwarnings']);
    expect(state({ dir: '' }, env)).toEqual(['config build.rustflags=["-g"]']);
  });

  it('prints the counted settings of every config cargo reads, nearest first: git-ignored, above the Nx root, CARGO_HOME', () => {
    write('repo/.cargo/config.toml', '[build]\nrustflags = ["--cfg", "foo"]\njobs = 2\n');
    write('.cargo/config.toml', '[env]\nABOVE = "1"\n[term]\ncolor = "always"\n');
    write('home/config.toml', '[profile.dev]\ndebug-assertions = false\n[net]\noffline = true\n');
    expect(state({ dir: '' })).toEqual(['config build.rustflags=["--cfg","foo"]', 'config env={"ABOVE":"1"}', 'config profile.dev.debug-assertions=false']);
    // A config holding nothing counted changes nothing.
    write('repo/sub/.cargo/config.toml', '[term]\nverbose = true\n');
    expect(state({ dir: 'sub' })).toEqual(state({ dir: '' }));
  });

  it('starts in the Cargo workspace folder and covers an invalid config by its content', () => {
    write('repo/sub/.cargo/config.toml', '[build\n');
    const [line] = state({ dir: 'sub' });
    expect(line).toMatch(/^config invalid [0-9a-f]{64}$/);
  });

  it('hashes Cargo.lock when asked, by content only', () => {
    expect(state({ dir: '', lock: true })).toEqual(['Cargo.lock absent']);
    write('repo/Cargo.lock', 'version = 4\n');
    const first = state({ dir: '', lock: true });
    expect(first[0]).toMatch(/^Cargo\.lock [0-9a-f]{64}$/);
    write('repo/Cargo.lock', 'version = 3\n');
    expect(state({ dir: '', lock: true })).not.toEqual(first);
    expect(state({ dir: '' })).toEqual([]);
  });

  it('digests crates outside the Nx root and their own path dependencies, never their target folder, never an absolute path', () => {
    write('out/a/Cargo.toml', '[package]\nname = "a"\n[dependencies]\nb = { path = "../b" }\n');
    write('out/a/src/lib.rs', 'pub fn a() {}\n');
    write('out/b/Cargo.toml', '[package]\nname = "b"\n');
    write('out/b/src/lib.rs', 'pub fn b() {}\n');
    const first = state({ dir: '', paths: ['..%2Fout/a'] });
    expect(first.map((l) => l.replace(/[0-9a-f]{64}$/, '<sha>'))).toEqual(['path ../out/a <sha>', 'path ../out/b <sha>']);
    expect(first.join('\n')).not.toContain(top);
    write('out/a/target/debug/junk', 'x');
    expect(state({ dir: '', paths: ['../out/a'] })).toEqual(first);
    write('out/b/src/lib.rs', 'pub fn b() { println!(); }\n');
    const changed = state({ dir: '', paths: ['../out/a'] });
    expect(changed[0]).toBe(first[0]);
    expect(changed[1]).not.toBe(first[1]);
    expect(state({ dir: '', paths: ['../gone'] })).toEqual(['path ../gone missing']);
  });

  it('prints the same for the same content at another place', () => {
    write('home/config.toml', '[env]\nX = "1"\n');
    write('out/a/src/lib.rs', '');
    const here = state({ dir: '', lock: true, paths: ['../out/a'] });
    const other = top;
    top = mkdtempSync(join(tmpdir(), 'cargo-state-elsewhere-'));
    try {
      write('repo/Cargo.toml', '[workspace]\n');
      write('home/config.toml', '[env]\nX = "1"\n');
      write('out/a/src/lib.rs', '');
      expect(state({ dir: '', lock: true, paths: ['../out/a'] })).toEqual(here);
    } finally {
      rmSync(top, { recursive: true, force: true });
      top = other;
    }
  });
});

describe('printWorkspace on crates outside the Nx root', () => {
  const digestOf = (paths: string[]) => state({ dir: '', paths })[0];

  it('prints an absolute path as written, the same from a checkout at any depth', () => {
    write('opt/dep/Cargo.toml', '[package]\nname = "dep"\n[dependencies]\nnear = { path = "../near" }\nfar = { path = "../../far" }\n');
    write('opt/near/src/lib.rs', '');
    write('far/src/lib.rs', '');
    const abs = join(top, 'opt/dep');
    const lines = state({ dir: '', paths: [abs] }).map((l) => l.replace(/ [0-9a-f]{64}$/, ''));
    // Its own relative path dependencies are reached through the absolute path: absolute too.
    expect(lines).toEqual([`path ${abs}`, `path ${join(top, 'opt/near')}`, `path ${join(top, 'far')}`]);
    let fromDeeper: string[] = [];
    write('deep/er/repo/Cargo.toml', '[workspace]\n');
    printWorkspace({ dir: '', paths: [abs] }, join(top, 'deep/er/repo'), { CARGO_HOME: join(top, 'home') }, (l) => (fromDeeper = l));
    expect(fromDeeper).toEqual(state({ dir: '', paths: [abs] }));
  });

  it('survives a dangling symlink, a symlink loop and a FIFO, and follows what a link leads to', () => {
    write('out/a/src/lib.rs', 'pub fn a() {}\n');
    write('elsewhere/data.txt', 'one\n');
    symlinkSync(join(top, 'nowhere'), join(top, 'out/a/dangling'));
    symlinkSync('..', join(top, 'out/a/src/up'));
    symlinkSync('self', join(top, 'out/a/self'));
    symlinkSync(join(top, 'elsewhere/data.txt'), join(top, 'out/a/data.txt'));
    execFileSync('mkfifo', [join(top, 'out/a/fifo')]);
    const first = digestOf(['../out/a']);
    expect(first).toMatch(/^path \.\.\/out\/a [0-9a-f]{64}$/);
    // What a link leads to counts, and so does where it points.
    write('elsewhere/data.txt', 'two\n');
    const second = digestOf(['../out/a']);
    expect(second).not.toBe(first);
    unlinkSync(join(top, 'out/a/dangling'));
    symlinkSync(join(top, 'nowhere-else'), join(top, 'out/a/dangling'));
    expect(digestOf(['../out/a'])).not.toBe(second);
  });
});

describe('printFiles', () => {
  it('digests each file by content as its sources name it, beyond the Nx root or absolute, missing ones too', () => {
    const files = (paths: string[]) => {
      let out: string[] = [];
      printFiles({ paths: paths.map(encodeURIComponent) }, join(top, 'repo'), (lines) => (out = lines));
      return out;
    };
    const abs = join(top, 'out/x.bin');
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, Buffer.from([0xff, 0xfe, 1]));
    const first = files(['../out/x.bin', abs, '../gone.txt']);
    expect(first).toEqual([expect.stringMatching(/^file \.\.\/out\/x\.bin [0-9a-f]{64}$/), expect.stringMatching(new RegExp(`^file ${abs} [0-9a-f]{64}$`)), 'file ../gone.txt missing']);
    // Bytes, not text: a change that is not valid UTF-8 changes the digest too.
    writeFileSync(abs, Buffer.from([0xff, 0xfd, 1]));
    expect(files(['../out/x.bin'])[0]).not.toBe(first[0]);
  });
});

describe('printEnvironment', () => {
  it('prints the counted variables only', () => {
    let out: string[] = [];
    printEnvironment({ RUSTFLAGS: '-Dwarnings', RUSTC_WRAPPER: 'sccache', CARGO_TERM_COLOR: 'always' }, (lines) => (out = lines));
    expect(out).toEqual(['RUSTFLAGS=-Dwarnings']);
  });

  it('prints the same with and without sccache, and a wrapper it does not know as written', () => {
    const printed = (env: NodeJS.ProcessEnv) => {
      let out: string[] = [];
      printEnvironment(env, (lines) => (out = lines));
      return out;
    };
    expect(printed({ RUSTC_WRAPPER: '/home/ci/.cargo/bin/sccache', CARGO_INCREMENTAL: '0', SCCACHE_DIR: '/home/ci/.cache/sccache' })).toEqual(printed({}));
    expect(printed({ RUSTC_WRAPPER: '/opt/ci/rustc-wrapper' })).toEqual(['RUSTC_WRAPPER=/opt/ci/rustc-wrapper']);
  });
});
