import { modelOf, pkg } from '../testing/memory-workspace';
import { buildClosures } from './closure';

const REG = 'registry+https://github.com/rust-lang/crates.io-index';
const local = (name: string, deps: string[]) => `[[package]]\nname = "${name}"\nversion = "0.1.0"\ndependencies = [${deps.map((d) => `"${d}"`).join(', ')}]\n`;
const registry = (name: string, version: string, deps: string[] = []) =>
  `[[package]]\nname = "${name}"\nversion = "${version}"\nsource = "${REG}"\nchecksum = "00"\ndependencies = [${deps.map((d) => `"${d}"`).join(', ')}]\n`;

/**
 * app: normal dep core, build dep gen, dev dep testkit, registry itoa (normal) and
 * criterion (dev). core: dev dep fixtures, registry libc (target-specific normal).
 * gen: normal dep util. testkit: normal dep util. Lonely: nothing.
 */
const model = modelOf({
  'Cargo.toml': '[workspace]\nmembers = ["crates/*"]\n',
  'crates/app/Cargo.toml': pkg(
    'app',
    '[dependencies]\ncore = { path = "../core" }\nitoa = "1"\n[build-dependencies]\ngen = { path = "../gen" }\n[dev-dependencies]\ntestkit = { path = "../testkit" }\ncriterion = "0.3"\n',
  ),
  'crates/app/src/main.rs': '',
  'crates/app/build.rs': '',
  'crates/core/Cargo.toml': pkg('core', `[target.'cfg(unix)'.dependencies]\nlibc = "0.2"\n[dev-dependencies]\nfixtures = { path = "../fixtures" }\n`),
  'crates/core/src/lib.rs': '',
  'crates/gen/Cargo.toml': pkg('gen', '[dependencies]\nutil = { path = "../util" }\n'),
  'crates/gen/src/lib.rs': '',
  'crates/util/Cargo.toml': pkg('util'),
  'crates/util/src/lib.rs': '',
  'crates/testkit/Cargo.toml': pkg('testkit', '[dependencies]\nutil = { path = "../util" }\n'),
  'crates/testkit/src/lib.rs': '',
  'crates/fixtures/Cargo.toml': pkg('fixtures'),
  'crates/fixtures/src/lib.rs': '',
  'crates/lonely/Cargo.toml': pkg('lonely'),
  'crates/lonely/src/lib.rs': '',
  'Cargo.lock': [
    'version = 3\n',
    local('app', ['core', 'criterion', 'gen', 'itoa', 'testkit']),
    local('core', ['fixtures', 'libc']),
    local('fixtures', []),
    local('gen', ['util']),
    local('lonely', []),
    local('testkit', ['util']),
    local('util', []),
    registry('criterion', '0.3.6', ['itoa']),
    registry('itoa', '1.0.11'),
    registry('libc', '0.2.155'),
  ].join('\n'),
});

describe('buildClosures', () => {
  const closures = buildClosures(model);

  it('follows normal and build dependencies transitively, never a dev-dependency', () => {
    expect(closures.get('crates/app')!.crates).toEqual(['crates/core', 'crates/gen', 'crates/util']);
    expect(closures.get('crates/core')!.crates).toEqual([]);
    expect(closures.get('crates/testkit')!.crates).toEqual(['crates/util']);
    expect(closures.get('crates/lonely')).toEqual({ crates: [], packages: [] });
  });

  it('lists the registry packages the closure uses directly, target-specific ones included, dev-only ones not', () => {
    // itoa is app's own; libc is core's (cfg(unix)); criterion is a dev-dependency of app.
    expect(closures.get('crates/app')!.packages).toEqual(['itoa@1.0.11', 'libc@0.2.155']);
    expect(closures.get('crates/core')!.packages).toEqual(['libc@0.2.155']);
  });

  it('keeps a package the lock lists but the manifest does not name (a stale lock): recall first', () => {
    const stale = modelOf({
      'Cargo.toml': pkg('solo'),
      'src/lib.rs': '',
      'Cargo.lock': ['version = 3\n', local('solo', ['itoa']), registry('itoa', '1.0.11')].join('\n'),
    });
    expect(buildClosures(stale).get('')!.packages).toEqual(['itoa@1.0.11']);
  });
});
