import { describeFixture, problemLines } from '../testing/cargo-metadata';
import { modelOf, pkg } from '../testing/memory-workspace';
import { refusalMessage } from './publishability';
import type { CargoModel, Crate, Publishability, PublishRefusal } from './types';

const crate = (model: CargoModel, name: string): Crate => {
  const found = model.crates.find((c) => c.name === name);
  if (!found) throw new Error(`no crate ${name}; problems: ${problemLines(model).join('\n')}`);
  return found;
};

const refused = (dependency: string, table: string, extra: { source?: 'path' | 'git'; inherited?: boolean; key?: string } = {}): Publishability & { refusal: PublishRefusal } => ({
  publishable: false,
  refusal: { kind: 'unversioned-dependency', dependency, key: extra.key ?? dependency, table, source: extra.source ?? 'path', inherited: extra.inherited ?? false },
});

/** The cases of the fixture and what cargo makes of each (checked against cargo below). */
const EXPECTED: Record<string, Publishability> = {
  leaf: { publishable: true },
  versioned: { publishable: true },
  plain: refused('leaf', 'dependencies'),
  build_only: refused('leaf', 'build-dependencies'),
  dev_only: { publishable: true },
  for_unix: refused('leaf', "target.'cfg(unix)'.dependencies"),
  for_windows_build: refused('leaf', "target.'cfg(windows)'.build-dependencies"),
  inherits: refused('leaf', 'dependencies', { inherited: true }),
  inherits_versioned: { publishable: true },
  renamed: refused('leaf', 'dependencies', { key: 'foo' }),
  private: { publishable: false, refusal: { kind: 'publish-false' } },
  only_local: { publishable: true, registries: ['local'] },
  no_version: { publishable: false, refusal: { kind: 'no-version' } },
};

describeFixture('publishability', ({ model, cargo }) => {
  it('decides each case as listed', () => {
    const found = Object.fromEntries(model().crates.map((c) => [c.name, c.publishability]));
    expect(found).toEqual(EXPECTED);
  });

  /** cargo's stderr when it fails, '' when it succeeds. */
  const refusal = (args: string[]): string => {
    try {
      cargo().cargo(args);
      return '';
    } catch (e) {
      return String((e as { stderr?: string }).stderr ?? e);
    }
  };

  it('agrees with `cargo package`: it refuses exactly the crates with an unversioned normal or build path dependency, naming it', () => {
    for (const [name, expected] of Object.entries(EXPECTED)) {
      // No lockfile: making one would look the (unpublished) path dependencies up in a registry.
      const said = refusal(['package', '-p', name, '--no-verify', '--exclude-lockfile', '--offline']);
      if (!expected.publishable && expected.refusal.kind === 'unversioned-dependency') {
        expect({ name, said }).toEqual({ name, said: expect.stringContaining('all dependencies must have a version requirement specified when packaging') });
        expect(said).toContain(`dependency \`${expected.refusal.dependency}\` does not specify a version`);
      } else {
        expect({ name, said }).toEqual({ name, said: '' });
      }
    }
  });

  it('agrees with `cargo publish`: it refuses `publish = false` and a package without a version before asking any registry', () => {
    for (const name of ['private', 'no_version']) {
      const said = refusal(['publish', '-p', name, '--dry-run', '--offline']);
      expect(said).toContain(`\`${name}\` cannot be published.`);
      expect(said).toContain('`package.publish` must be set to `true` or a non-empty list in Cargo.toml to publish.');
    }
  });
});

describe('publishability', () => {
  it('counts a git dependency without a version as cargo does, and one with a version not', () => {
    const model = modelOf({
      'Cargo.toml': pkg('a', '[dependencies]\nremote = { git = "https://example.com/remote.git" }\n'),
      'src/lib.rs': '',
      'b/Cargo.toml': pkg('b', '[dependencies]\nremote = { git = "https://example.com/remote.git", version = "1" }\n[dev-dependencies]\nother = { git = "https://example.com/other.git" }\n'),
      'b/src/lib.rs': '',
    });
    expect(crate(model, 'a').publishability).toEqual(refused('remote', 'dependencies', { source: 'git' }));
    expect(crate(model, 'b').publishability).toEqual({ publishable: true });
  });

  it('takes the publish list and the version from [workspace.package]', () => {
    const model = modelOf({
      'Cargo.toml': '[workspace]\nmembers = ["a", "b"]\n[workspace.package]\nversion = "1.2.3"\npublish = ["mine"]\n',
      'a/Cargo.toml': '[package]\nname = "a"\nversion.workspace = true\npublish.workspace = true\n',
      'a/src/lib.rs': '',
      'b/Cargo.toml': '[package]\nname = "b"\nversion.workspace = true\npublish = []\n',
      'b/src/lib.rs': '',
    });
    expect(crate(model, 'a').publishability).toEqual({ publishable: true, registries: ['mine'] });
    expect(crate(model, 'b').publishability).toEqual({ publishable: false, refusal: { kind: 'publish-false' } });
  });

  it('says which dependency, which table and what to add', () => {
    expect(refusalMessage(refused('leaf', "target.'cfg(unix)'.build-dependencies").refusal)).toBe(
      "dependency `leaf` in [target.'cfg(unix)'.build-dependencies] has a `path` but no `version`: cargo package refuses it " +
        '("all dependencies must have a version requirement specified when packaging"); give it `version = "…"` to publish this crate',
    );
    expect(refusalMessage(refused('leaf', 'dependencies', { inherited: true }).refusal)).toContain('`leaf.workspace = true` takes a `path` but no `version` from [workspace.dependencies]');
  });
});
