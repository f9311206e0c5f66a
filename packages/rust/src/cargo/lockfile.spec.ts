import { describeFixture } from '../testing/cargo-metadata';
import { fileListFs } from './fs';
import { loadCargoModel } from './load';
import { findLocalPackage, lockClosure, lockKey, readLockfile } from './lockfile';
import { parseToml } from './toml';
import type { Lockfile } from './types';

const CRATES_IO = 'registry+https://github.com/rust-lang/crates.io-index';
const INTERNAL = 'registry+https://internal.example.com/index';

function lockOf(text: string): Lockfile {
  const parsed = parseToml(text, 'Cargo.lock');
  if (!parsed.ok) throw new Error(parsed.problem.message);
  return readLockfile(parsed.value, 'Cargo.lock');
}

describeFixture('registry', ({ model }) => {
  const lock = () => model().lockfiles[0];

  it('finds the workspace lockfile and reads every package (format v3)', () => {
    expect(model().workspaces.map((w) => w.lockfilePath)).toEqual(['Cargo.lock']);
    expect(model().lockfiles).toHaveLength(1);
    expect(lock().path).toBe('Cargo.lock');
    expect([...lock().packages.keys()].sort()).toEqual([
      'app@0.1.0',
      'core-utils@0.1.0',
      `dup@1.0.0+${CRATES_IO}`, // same name and version from two registries: keyed by source too
      `dup@1.0.0+${INTERNAL}`,
      'libc@0.2.150',
      'mygit@1.0.0',
      'rand@0.7.3',
      'rand@0.8.5',
      'rand_core@0.6.4',
      'serde@1.0.190',
      'serde_derive@1.0.190',
    ]);
  });

  it('resolves "name", "name version" and "name version (source)" entries to package keys', () => {
    expect(lock().packages.get('app@0.1.0')).toEqual({
      name: 'app',
      version: '0.1.0',
      dependencies: [
        'core-utils@0.1.0',
        `dup@1.0.0+${CRATES_IO}`,
        `dup@1.0.0+${INTERNAL}`,
        'mygit@1.0.0',
        'rand@0.7.3',
        'rand@0.8.5',
        'serde@1.0.190',
      ],
    });
    expect(lock().packages.get('rand@0.8.5')).toEqual({
      name: 'rand',
      version: '0.8.5',
      source: CRATES_IO,
      checksum: '34af8d1a0e25924bc5b7c43c079c942339d8f0a8b57c39049bef581b46327404',
      dependencies: ['libc@0.2.150', 'rand_core@0.6.4'],
    });
    expect(lock().packages.get('mygit@1.0.0')!.source).toMatch(/^git\+https:\/\/github\.com\/example\/mygit\?branch=main#/);
  });

  it('computes the transitive closure of a package, through every kind of dependency', () => {
    expect(lockClosure(lock(), 'core-utils@0.1.0')).toEqual(['libc@0.2.150']);
    expect(lockClosure(lock(), 'app@0.1.0')).toEqual([
      'core-utils@0.1.0',
      `dup@1.0.0+${CRATES_IO}`,
      `dup@1.0.0+${INTERNAL}`,
      'libc@0.2.150',
      'mygit@1.0.0',
      'rand@0.7.3',
      'rand@0.8.5',
      'rand_core@0.6.4',
      'serde@1.0.190',
      'serde_derive@1.0.190',
    ]);
    expect(lockClosure(lock(), 'unknown@1.0.0')).toEqual([]);
  });

  it('finds the lock entry of a workspace crate, never a registry package of the same name', () => {
    expect(findLocalPackage(lock(), 'app', '0.1.0')).toBe('app@0.1.0');
    expect(findLocalPackage(lock(), 'app', '0.2.0')).toBeUndefined();
    expect(findLocalPackage(lock(), 'libc', '0.2.150')).toBeUndefined();
  });

  it('keeps the manifests\' registry, git and renamed dependencies next to the lockfile', () => {
    const app = model().crates.find((c) => c.name === 'app')!;
    const line = (name: string) => {
      const d = app.dependencies.find((x) => x.name === name)!;
      return [d.package, d.version, d.git, d.registry, d.inherited, d.optional].map(String).join(' ');
    };
    expect(line('serde')).toBe('serde 1.0.190 undefined undefined true true');
    expect(line('rand07')).toBe('rand 0.7 undefined undefined false false');
    expect(line('mygit')).toBe('mygit undefined https://github.com/example/mygit undefined false false');
    expect(line('dup-internal')).toBe('dup 1.0 undefined internal false false');
    expect(line('core-utils')).toBe('core-utils 0.1.0 undefined undefined true false');
    expect(app.dependencies.find((d) => d.name === 'core-utils')!.path).toBe('core-utils');
  });

    it('reads [profile.*] of the workspace root', () => {
    expect(model().workspaces[0].profiles).toEqual({
      release: { lto: 'thin' },
      bench: { debug: true },
      ci: { inherits: 'dev', incremental: false },
    });
  });
});

describeFixture('lockfile-v4', ({ model, cargo }) => {
  it('reads a v4 lockfile as cargo resolves it', () => {
    // `--locked`: cargo agrees the fixture's Cargo.lock is what it would write.
    const meta = cargo().metadata('Cargo.toml', { deps: true, locked: true });
    const keyOf = new Map(meta.packages.map((p) => [p.id, lockKey(p)]));
    const fromCargo = Object.fromEntries(meta.resolve!.nodes.map((n) => [keyOf.get(n.id)!, n.deps.map((d) => keyOf.get(d.pkg)!).sort()]));
    const lock = model().lockfiles[0];
    const fromModel = Object.fromEntries([...lock.packages].map(([key, p]) => [key, [...p.dependencies].sort()]));
    expect(fromModel).toEqual(fromCargo);
    expect(fromModel['a@0.1.0']).toEqual(['b@0.1.0', 'c@0.1.0']);
  });

  it('computes closures that match cargo, and finds workspace crates', () => {
    const lock = model().lockfiles[0];
    expect(lockClosure(lock, 'a@0.1.0')).toEqual(['b@0.1.0', 'c@0.1.0']);
    expect(lockClosure(lock, 'b@0.1.0')).toEqual(['c@0.1.0']);
    expect(lockClosure(lock, 'd@0.1.0')).toEqual([]);
    for (const c of model().crates) expect(findLocalPackage(lock, c.name, c.version)).toBe(`${c.name}@${c.version}`);
  });
});

describe('readLockfile', () => {
  it('reads v1 lockfiles, whose checksums sit in [metadata]', () => {
    const lock = lockOf(
      [
        '[[package]]\nname = "app"\nversion = "0.1.0"\ndependencies = [\n "libc 0.2.1 (registry+https://github.com/rust-lang/crates.io-index)",\n]\n',
        '[[package]]\nname = "libc"\nversion = "0.2.1"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\n',
        '[metadata]\n"checksum libc 0.2.1 (registry+https://github.com/rust-lang/crates.io-index)" = "abc123"\n',
      ].join('\n'),
    );
    expect(lock.packages.get('libc@0.2.1')).toMatchObject({ checksum: 'abc123', source: CRATES_IO });
    expect(lock.packages.get('app@0.1.0')!.dependencies).toEqual(['libc@0.2.1']);
  });

  it('drops entries that name no package in the file', () => {
    const lock = lockOf('version = 4\n[[package]]\nname = "a"\nversion = "1.0.0"\ndependencies = ["ghost", "a 2.0.0", "not a valid entry at all"]\n');
    expect(lock.packages.get('a@1.0.0')!.dependencies).toEqual([]);
  });

  it('reads a file without packages as empty', () => {
    expect(lockOf('version = 4\n').packages.size).toBe(0);
  });

  it('turns an unreadable lockfile into an error problem and loads the crates anyway', () => {
    const files: Record<string, string> = {
      'Cargo.toml': '[package]\nname = "a"\nversion = "0.1.0"\n',
      'src/lib.rs': '',
      'Cargo.lock': 'version = 4\n[[package]\nname = "a"\n',
    };
    const model = loadCargoModel(['Cargo.toml'], { fs: fileListFs(Object.keys(files), (f) => files[f]) });
    expect(model.crates.map((c) => c.name)).toEqual(['a']);
    expect(model.lockfiles).toEqual([]);
    expect(model.problems).toEqual([expect.objectContaining({ severity: 'error', file: 'Cargo.lock', line: 2 })]);
  });
});
