import { ManifestError, siteOf } from './errors';
import { withImplicitFeatures } from './features';
import type { ModelFs } from './fs';
import type { Manifest, RawDependency } from './manifest';
import { joinPath, joinRelative, joinWritten } from './paths';
import { publishabilityOf } from './publishability';
import { discoverTargets } from './targets';
import { locateKeyNamed } from './toml-positions';
import { asString, asStringArray, isTable, type TomlTable } from './toml';
import type { Crate, Dependency } from './types';

export { ManifestError };

/**
 * Where a path a manifest writes in `dir` lies: relative to the model root, or absolute when
 * written absolute and beyond the root (an absolute path into the root names the folder there).
 */
export type PlacePath = (dir: string, written: string) => string;

/**
 * Resolves one package manifest into a Crate: package fields and dependencies inherited from
 * `root` (its workspace root manifest, or itself), and its targets discovered on disk.
 */
export function resolveCrate(manifest: Manifest, root: Manifest, fs: ModelFs, place: PlacePath = joinWritten): Crate {
  const pkg = manifest.package!;
  const field = (key: string) => inheritField(pkg, key, root);
  const name = asString(pkg.name);
  if (!name) throw new ManifestError('`package.name` is missing', siteOf(['package', 'name'], ['project', 'name']));
  const edition = asString(field('edition')) ?? '2015';
  if (manifest.legacyKeys.length && Number(edition) >= 2024) {
    const key = manifest.legacyKeys[0];
    throw new ManifestError(
      `\`${key}\` is unsupported as of the 2024 edition; instead use \`${key === 'project' ? 'package' : key.replace(/_/g, '-')}\``,
      (text) => locateKeyNamed(text, key),
    );
  }
  const version = asString(field('version'));
  const publish = field('publish');
  // Without a version a package is 0.0.0 and unpublishable; asking to publish it is an error.
  const publishable = publish !== false && !(Array.isArray(publish) && publish.length === 0);
  if (version === undefined && publish !== undefined && publishable) {
    throw new ManifestError('`package.publish` requires `package.version` be specified', siteOf(['package', 'publish'], ['project', 'publish']));
  }
  const dependencies = manifest.dependencies.map((d) => resolveDependency(d, manifest, root, place));
  return {
    name,
    version: version ?? '0.0.0',
    root: manifest.dir,
    manifestPath: manifest.file,
    workspaceRoot: root.dir,
    edition,
    description: asString(field('description')),
    license: asString(field('license')),
    publish: version !== undefined && publishable,
    publishability: publishabilityOf(publish, version, dependencies),
    rustVersion: asString(field('rust-version')),
    buildScript: buildScriptOf(pkg.build, manifest.dir, fs),
    defaultRun: asString(pkg['default-run']),
    dependencies,
    features: withImplicitFeatures(manifest.features, dependencies),
    targets: discoverTargets(manifest, { packageName: name, edition, dir: manifest.dir }, fs),
    nx: manifest.nx,
  };
}

/**
 * Cargo's `normalize_package_build`: unset means `build.rs` if that file exists, `true` means
 * `build.rs` whether or not it exists, `false` none, a string that path (normalized).
 */
function buildScriptOf(build: unknown, dir: string, fs: ModelFs): string | undefined {
  if (typeof build === 'string') return joinRelative('', build);
  if (build === true) return 'build.rs';
  if (build === false) return undefined;
  return fs.isFile(joinPath(dir, 'build.rs')) ? 'build.rs' : undefined;
}

/** `key.workspace = true` takes the value from `[workspace.package]` of the root manifest. */
function inheritField(pkg: TomlTable, key: string, root: Manifest): unknown {
  const value = pkg[key];
  if (!isTable(value) || value.workspace !== true) return value;
  const inherited = root.workspace?.package[key];
  if (inherited === undefined) {
    throw new ManifestError(
      `\`package.${key}.workspace = true\` but ${root.file} has no \`workspace.package.${key}\``,
      siteOf(['package', key, 'workspace'], ['project', key, 'workspace']),
    );
  }
  return inherited;
}

/**
 * A dependency with `workspace = true` merges its entry in `[workspace.dependencies]` (whose
 * paths are relative to the workspace root) with the member's `features` and `optional`; the
 * member's `default-features = true` wins over the workspace's `false`, but not the reverse.
 */
export function resolveDependency(raw: RawDependency, manifest: Manifest, root: Manifest, place: PlacePath = joinWritten): Dependency {
  let spec = raw.spec;
  let baseDir = manifest.dir;
  const inherited = spec.workspace === true;
  if (inherited) {
    const base = root.workspace?.dependencies[raw.name];
    if (!base) {
      throw new ManifestError(
        `dependency "${raw.name}" has \`workspace = true\` but ${root.file} has no \`workspace.dependencies.${raw.name}\``,
        siteOf(...dependencyPaths(raw).map((table) => [...table, raw.name, 'workspace'])),
      );
    }
    const defaults = defaultFeaturesOf(base) === false && defaultFeaturesOf(spec) === true ? true : defaultFeaturesOf(base);
    spec = {
      ...base,
      features: [...asStringArray(base.features), ...asStringArray(spec.features)],
      optional: spec.optional,
      'default-features': defaults,
    };
    baseDir = root.dir;
  }
  const path = asString(spec.path);
  const defaultFeatures = defaultFeaturesOf(spec);
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
  if (path !== undefined) dependency.path = place(baseDir, path);
  for (const key of ['version', 'git', 'registry'] as const) {
    const value = asString(spec[key]);
    if (value !== undefined) dependency[key] = value;
  }
  return dependency;
}

/** The tables a dependency may be written in (dashed, or the old underscored spelling). */
function dependencyPaths(raw: RawDependency): string[][] {
  const table = raw.kind === 'normal' ? 'dependencies' : `${raw.kind}-dependencies`;
  const spellings = [...new Set([table, table.replace(/-/g, '_')])];
  return spellings.map((t) => (raw.target ? ['target', raw.target, t] : [t]));
}

/** `default-features`, or its underscored spelling when the dashed one is absent (as cargo reads it). */
function defaultFeaturesOf(spec: TomlTable): unknown {
  return spec['default-features'] ?? spec['default_features'];
}

/** Path-dependency folders of a manifest, cheaply, for workspace membership (no target discovery). */
export function pathDependencyDirs(manifest: Manifest, root: Manifest | undefined, place: PlacePath = joinWritten): string[] {
  const dirs: string[] = [];
  for (const raw of manifest.dependencies) {
    if (raw.spec.workspace === true) {
      const path = asString(root?.workspace?.dependencies[raw.name]?.path);
      if (root && path !== undefined) dirs.push(place(root.dir, path));
    } else {
      const path = asString(raw.spec.path);
      if (path !== undefined) dirs.push(place(manifest.dir, path));
    }
  }
  return dirs;
}
