import type { CrateInfo } from '../cargo/crate';
import { buildFailure, folderAboveProfile, packageFailure } from './cargo';
import { buildOptions, KNOWN_PACKAGE_OPTIONS, resolvePackageOptions } from './options';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

describe('package executor options', () => {
  it('knows exactly the options schema.json declares', () => {
    const schema = JSON.parse(readFileSync(join(__dirname, 'schema.json'), 'utf8'));
    expect([...KNOWN_PACKAGE_OPTIONS].sort()).toEqual(Object.keys(schema.properties).sort());
  });

  it('refuses unknown options, naming them', () => {
    expect(resolvePackageOptions({ profile: 'release', bogus: 1 } as never)).toEqual({ error: expect.stringMatching(/^@ms\/rust:package does not take --bogus\. Its options: profile, /) });
  });

  it('builds release unless told otherwise, with the cargo executor\'s options', () => {
    expect(buildOptions({ crateFile: true, features: 'x', target: 't' })).toEqual({ command: 'build', features: 'x', target: 't', profile: 'release' });
    expect(buildOptions({ profile: 'dist' }).profile).toBe('dist');
  });
});

describe('buildFailure', () => {
  it('names the triple and the rustup command when the standard library is missing', () => {
    const out = ["error[E0463]: can't find crate for `std`", '  = note: the `aarch64-unknown-linux-gnu` target may not be installed'];
    expect(buildFailure(out, 'aarch64-unknown-linux-gnu')).toMatch(/^cannot build for aarch64-unknown-linux-gnu: .*`rustup target add aarch64-unknown-linux-gnu`/);
    expect(buildFailure(['error: error loading target specification: could not find specification for target "x-y-z"'], 'x-y-z')).toMatch(/rustc does not know this target triple/);
    expect(buildFailure(['error[E0308]: mismatched types'], 'aarch64-unknown-linux-gnu')).toBe('cargo build failed (see its messages above)');
    expect(buildFailure([], undefined, 'SIGINT')).toMatch(/interrupted \(SIGINT\)/);
  });
});

describe('packageFailure', () => {
  const core = { name: 'shared_core', version: '0.1.0' } as CrateInfo;
  const replaced = ['error: crates-io is replaced with non-remote-registry source dir /usr/share/cargo/registry;', 'include `--registry crates-io` to use crates.io'];

  it('explains a workspace dependency cargo cannot resolve because crates.io is replaced by a local directory', () => {
    const reason = packageFailure(replaced, [core]);
    expect(reason).toContain('cargo cannot package it together with shared_core@0.1.0 (needed alongside until the registry has it)');
    expect(reason).toContain('crates-io is replaced here by the local source /usr/share/cargo/registry');
    expect(reason).toContain('`registry.default` with `registry = "<name>"` on the path dependencies');
    expect(reason).not.toContain('--registry crates-io');
  });

  it('leaves every other failure to cargo\'s messages', () => {
    expect(packageFailure(replaced, [])).toBe('cargo package failed (see its messages above)');
    expect(packageFailure(['error: failed to verify manifest'], [core])).toBe('cargo package failed (see its messages above)');
    expect(packageFailure([], [core], 'SIGTERM')).toMatch(/interrupted \(SIGTERM\)/);
  });
});

describe('folderAboveProfile', () => {
  it('finds the folder cargo puts a triple\'s builds in (checked against rustc\'s target list by the caller)', () => {
    expect(folderAboveProfile('/ws/target/aarch64-unknown-linux-gnu/release/app', 'release')).toBe('aarch64-unknown-linux-gnu');
    expect(folderAboveProfile('/ws/target/x86_64-pc-windows-msvc/dist/deps/libx.rlib', 'dist')).toBe('x86_64-pc-windows-msvc');
    expect(folderAboveProfile('/ws/target/wasm32-wasip1/debug/app.wasm', 'dev')).toBe('wasm32-wasip1');
    expect(folderAboveProfile('/ws/target/release/app', 'release')).toBe('target');
  });
});
