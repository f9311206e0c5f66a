import type { ModelFs } from './fs';
import type { Manifest, RawDependency } from './manifest';
import { joinPath, joinRelative } from './paths';
import { discoverTargets } from './targets';
import { asString, asStringArray, isTable, type TomlTable } from './toml';
import type { Crate, Dependency } from './types';

/** Thrown (and caught by the loader) when a manifest is valid TOML but not a loadable package. */
export class ManifestError extends Error {}

/**
 * Resolves one package manifest into a Crate: package fields and dependencies inherited from
 * `root` (its workspace root manifest, or itself), and its targets discovered on disk.
 */
export function resolveCrate(manifest: Manifest, root: Manifest, fs: ModelFs): Crate {
  const pkg = manifest.package!;
  const field = (key: string) => inheritField(pkg, key, root);
  const name = asString(pkg.name);
  if (!name) throw new ManifestError('`package.name` is missing');
  const edition = asString(field('edition')) ?? '2015';
  const publish = field('publish');
  const build = pkg.build;
  const buildScript =
    typeof build === 'string' ? build : build === false ? undefined : fs.isFile(joinPath(manifest.dir, 'build.rs')) ? 'build.rs' : undefined;
  return {
    name,
    version: asString(field('version')) ?? '0.0.0',
    root: manifest.dir,
    manifestPath: manifest.file,
    workspaceRoot: root.dir,
    edition,
    description: asString(field('description')),
    license: asString(field('license')),
    publish: publish !== false && !(Array.isArray(publish) && publish.length === 0),
    rustVersion: asString(field('rust-version')),
    buildScript,
    defaultRun: asString(pkg['default-run']),
    dependencies: manifest.dependencies.map((d) => resolveDependency(d, manifest, root)),
    features: manifest.features,
    targets: discoverTargets(manifest, { packageName: name, edition, dir: manifest.dir }, fs),
    nx: manifest.nx,
  };
}

/** `key.workspace = true` takes the value from `[workspace.package]` of the root manifest. */
function inheritField(pkg: TomlTable, key: string, root: Manifest): unknown {
  const value = pkg[key];
  if (!isTable(value) || value.workspace !== true) return value;
  const inherited = root.workspace?.package[key];
  if (inherited === undefined) {
    throw new ManifestError(`\`package.${key}.workspace = true\` but ${root.file} has no \`workspace.package.${key}\``);
  }
  return inherited;
}

/**
 * A dependency with `workspace = true` merges its entry in `[workspace.dependencies]` (whose
 * paths are relative to the workspace root) with the member's `features` and `optional`.
 */
export function resolveDependency(raw: RawDependency, manifest: Manifest, root: Manifest): Dependency {
  let spec = raw.spec;
  let baseDir = manifest.dir;
  const inherited = spec.workspace === true;
  if (inherited) {
    const base = root.workspace?.dependencies[raw.name];
    if (!base) {
      throw new ManifestError(`dependency "${raw.name}" has \`workspace = true\` but ${root.file} has no \`workspace.dependencies.${raw.name}\``);
    }
    spec = { ...base, features: [...asStringArray(base.features), ...asStringArray(spec.features)], optional: spec.optional };
    baseDir = root.dir;
  }
  const path = asString(spec.path);
  const defaultFeatures = spec['default-features'] ?? spec['default_features'];
  const dependency: Dependency = {
    name: raw.name,
    package: asString(spec.package) ?? raw.name,
    kind: raw.kind,
    optional: spec.optional === true,
    inherited,
    features: asStringArray(spec.features),
    defaultFeatures: defaultFeatures !== false,
  };
  if (raw.target) dependency.target = raw.target;
  if (path !== undefined) dependency.path = joinRelative(baseDir, path);
  for (const key of ['version', 'git', 'registry'] as const) {
    const value = asString(spec[key]);
    if (value !== undefined) dependency[key] = value;
  }
  return dependency;
}

/** Path-dependency folders of a manifest, cheaply, for workspace membership (no target discovery). */
export function pathDependencyDirs(manifest: Manifest, root: Manifest | undefined): string[] {
  const dirs: string[] = [];
  for (const raw of manifest.dependencies) {
    if (raw.spec.workspace === true) {
      const path = asString(root?.workspace?.dependencies[raw.name]?.path);
      if (root && path !== undefined) dirs.push(joinRelative(root.dir, path));
    } else {
      const path = asString(raw.spec.path);
      if (path !== undefined) dirs.push(joinRelative(manifest.dir, path));
    }
  }
  return dirs;
}
