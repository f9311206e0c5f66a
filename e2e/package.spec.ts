/**
 * The `package` target through real Nx and cargo: release archives that unpack and run,
 * checksums `sha256sum -c` accepts, byte-identical archives from a clean rebuild and from the
 * cache, cargo's .crate for a publishable library, and the bad inputs.
 *
 * Fixture `package`: hello (binary using mathlib, its own LICENSE-MIT, publish = false), bare
 * (binary, no documents of its own), mathlib (publishable library, its own README.md), internal
 * (library, publish = false: no package target) and forced (the same, with a package target asked
 * for in [package.metadata.nx]). The workspace root has README.md and CHANGELOG.md, no LICENSE.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createWorkspace, run, taskOutcomes, tasksWith, type TestWorkspace } from './utils/workspace';

interface Manifest {
  crate: string;
  version: string;
  triple: string;
  profile: string;
  artifacts: { file: string; kind: string; sha256: string; size: number; contents?: string[] }[];
  warnings: string[];
}

const PACKAGED = ['bare', 'hello', 'mathlib'];

describe('package', () => {
  let ws: TestWorkspace;
  let host: string;
  let first: Map<string, Buffer>;
  const manifest = (project: string) => JSON.parse(ws.read(`dist/packages/${project}/manifest.json`)) as Manifest;
  /** Every file of dist/packages, by path, with its bytes. */
  const snapshot = () => {
    const files = new Map<string, Buffer>();
    for (const project of readdirSync(ws.path('dist/packages')).sort()) {
      for (const file of readdirSync(ws.path(`dist/packages/${project}`)).sort()) files.set(`${project}/${file}`, readFileSync(ws.path(`dist/packages/${project}/${file}`)));
    }
    return files;
  };
  const packageAll = (...extra: string[]) => ws.nx(['run-many', '-t', 'package', '-p', ...PACKAGED, '--output-style=static', ...extra]);

  beforeAll(() => {
    ws = createWorkspace('package');
    host = /^host: (\S+)$/m.exec(run('rustc', ['-vV'], ws.root).stdout)![1];
  });

  it('is inferred for binaries and publishable libraries, release by default, and for no other crate', () => {
    const targets = Object.fromEntries(
      ['bare', 'hello', 'mathlib', 'internal'].map((p) => [p, ws.nxJson<{ targets: Record<string, { executor: string; options: unknown; outputs: string[] }> }>(['show', 'project', p, '--json']).targets.package ?? null]),
    );
    expect(targets.internal).toBeNull();
    expect(targets.hello).toMatchObject({ executor: '@ms/rust:package', options: { profile: 'release', crateFile: false }, outputs: ['{workspaceRoot}/dist/packages/hello'] });
    expect(targets.mathlib.options).toEqual({ profile: 'release', crateFile: true });
    expect(targets.bare.options).toEqual({ profile: 'release', crateFile: false });
  });

  it('`nx run-many -t package` writes release archives that unpack and run, with their documents', () => {
    const result = packageAll();
    expect(tasksWith(taskOutcomes(result), 'run')).toEqual(PACKAGED.map((p) => `${p}:package`));
    expect(result.output).toContain('cargo build -p hello@0.1.0 --release');
    const stem = `hello-0.1.0-${host}`;
    expect(readdirSync(ws.path('dist/packages/hello')).sort()).toEqual([`${stem}.tar.gz`, `${stem}.tar.gz.sha256`, 'manifest.json']);
    // Release binaries: the dev profile was never built.
    expect(existsSync(ws.path('target/debug/hello'))).toBe(false);

    const out = mkdtempSync(join(ws.root, '..', 'unpacked-'));
    try {
      run('tar', ['-xzf', ws.path(`dist/packages/hello/${stem}.tar.gz`), '-C', out], ws.root);
      expect(readdirSync(join(out, stem)).sort()).toEqual(['CHANGELOG.md', 'LICENSE-MIT', 'README.md', 'hello']);
      expect(run(join(out, stem, 'hello'), [], out).stdout.trim()).toBe('hello from a release archive: 5');
      // The crate's own LICENSE; README and CHANGELOG from the workspace root, where the crate has none.
      expect(readFileSync(join(out, stem, 'README.md'), 'utf8')).toBe(ws.read('README.md'));
      const listing = run('tar', ['-tvzf', ws.path(`dist/packages/hello/${stem}.tar.gz`), '--numeric-owner'], ws.root).stdout.trim().split('\n');
      expect(listing.map((l) => l.split(/\s+/).slice(0, 2).join(' '))).toEqual(['drwxr-xr-x 0/0', '-rw-r--r-- 0/0', '-rw-r--r-- 0/0', '-rw-r--r-- 0/0', '-rwxr-xr-x 0/0']);
      for (const line of listing) expect(line).toContain('1970-01-01');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }

    expect(manifest('hello')).toMatchObject({ crate: 'hello', version: '0.1.0', triple: host, profile: 'release', warnings: [] });
    expect(manifest('hello').artifacts.map((a) => [a.file, a.kind])).toEqual([[`${stem}.tar.gz`, 'archive']]);
  });

  it('writes a .sha256 beside each archive that `sha256sum -c` accepts in the package folder, matching the manifest', () => {
    for (const project of PACKAGED) {
      const folder = ws.path(`dist/packages/${project}`);
      for (const a of manifest(project).artifacts) {
        const checked = run('sha256sum', ['-c', `${a.file}.sha256`], folder);
        expect(checked.stdout.trim()).toBe(`${a.file}: OK`);
        expect(ws.read(`dist/packages/${project}/${a.file}.sha256`)).toBe(`${a.sha256}  ${a.file}\n`);
      }
    }
  });

  it('gives a publishable library cargo\'s own .crate, checksum in the manifest', () => {
    const m = manifest('mathlib');
    expect(m.artifacts.map((a) => [a.file, a.kind])).toEqual([['mathlib-0.1.0.crate', 'crate']]);
    const listing = run('tar', ['-tzf', ws.path('dist/packages/mathlib/mathlib-0.1.0.crate')], ws.root).stdout;
    expect(listing).toMatch(/^mathlib-0\.1\.0\/Cargo\.toml$/m);
    expect(listing).toMatch(/^mathlib-0\.1\.0\/src\/lib\.rs$/m);
  });

  it('warns about a missing LICENSE, in the output and the manifest, and still packages', () => {
    expect(manifest('bare').warnings).toEqual([expect.stringMatching(/^no LICENSE\* file in crates\/bare or the Cargo workspace root/)]);
    expect(readdirSync(ws.path('dist/packages/bare'))).toContain(`bare-0.2.0-${host}.tar.gz`);
    // The warning is in the task's (cached) terminal output too.
    const again = ws.nx(['run', 'bare:package']);
    expect(taskOutcomes(again).get('bare:package')).toBe('cache');
    expect(again.output).toMatch(/warning: no LICENSE\* file in crates\/bare/);
  });

  it('replays a second run from the cache, restoring identical files', () => {
    first = snapshot();
    rmSync(ws.path('dist'), { recursive: true, force: true });
    const result = packageAll();
    expect(tasksWith(taskOutcomes(result), 'cache')).toEqual(PACKAGED.map((p) => `${p}:package`));
    expect(snapshot()).toEqual(first);
  });

  it('rebuilds byte-identical archives from scratch (no target/, no dist/, no cache)', () => {
    rmSync(ws.path('target'), { recursive: true, force: true });
    rmSync(ws.path('dist'), { recursive: true, force: true });
    const result = packageAll('--skip-nx-cache');
    expect(tasksWith(taskOutcomes(result), 'run')).toEqual(PACKAGED.map((p) => `${p}:package`));
    expect(existsSync(ws.path(`target/release/hello`))).toBe(true);
    expect([...snapshot().keys()]).toEqual([...first.keys()]);
    for (const [file, bytes] of snapshot()) expect({ file, same: bytes.equals(first.get(file)!) }).toEqual({ file, same: true });
  });

  it('a triple whose standard library is not installed fails with the triple and the rustup command, leaving dist/packages as it was', () => {
    const triple = 'aarch64-unknown-linux-gnu';
    const installed = run('rustup', ['target', 'list', '--installed'], ws.root, { allowFailure: true }).stdout;
    if (installed.split('\n').includes(triple)) return; // cannot stage the failure here
    // After `--`: before it, Nx takes `--target` as its own flag (the target to run).
    const result = ws.nx(['run', 'hello:package', '--', `--target=${triple}`], { allowFailure: true });
    expect(result.status).not.toBe(0);
    expect(result.output).toContain(`hello: cannot build for ${triple}`);
    expect(result.output).toContain(`rustup target add ${triple}`);
    expect(snapshot()).toEqual(first);
    expect(existsSync(ws.path('dist/.tmp'))).toBe(false);
  });

  it('a crate with nothing to package says so: no package target, or a hand-made one on a library that is not published', () => {
    const missing = ws.nx(['run', 'internal:package'], { allowFailure: true });
    expect(missing.status).not.toBe(0);
    expect(missing.output).toMatch(/Cannot find target "package" for project "internal"/);

    const forced = ws.nx(['run', 'forced:package'], { allowFailure: true });
    expect(forced.status).not.toBe(0);
    expect(forced.output).toContain('forced: nothing to package. The crate has no binary (or C library) to archive, and is not published');
    expect(existsSync(ws.path('dist/packages/forced'))).toBe(false);
  });

  it('a configuration picks another profile, and SOURCE_DATE_EPOCH the entries\' time', () => {
    const result = ws.nx(['run', 'bare:package:dist'], { env: { SOURCE_DATE_EPOCH: '1700000000' } });
    expect(result.output).toContain('cargo build -p bare@0.2.0 --profile dist');
    expect(manifest('bare')).toMatchObject({ profile: 'dist', mtime: 1700000000 });
    const listing = run('tar', ['-tvzf', ws.path(`dist/packages/bare/bare-0.2.0-${host}.tar.gz`), '--utc', '--full-time'], ws.root).stdout;
    expect(listing).toContain('2023-11-14 22:13:20 bare-0.2.0');
  });
});
