/**
 * The cargo model: what @ms/rust knows about a Cargo workspace, read from its files alone.
 * Pure data, free of Nx. Paths are POSIX and relative to the directory the model was loaded
 * from (the Nx workspace root), '' meaning that directory itself.
 */

export type DependencyKind = 'normal' | 'dev' | 'build';

export interface Dependency {
  /** The name the depending crate uses for it (the key in the dependency table). */
  name: string;
  /** The package it resolves to: `package = "..."` when renamed, else `name`. */
  package: string;
  kind: DependencyKind;
  /** `cfg(...)` or a triple, for `[target.'...'.dependencies]` entries. */
  target?: string;
  optional: boolean;
  /** Folder of the path dependency, relative to the model root; absent for registry/git deps. */
  path?: string;
  /** Declared through `[workspace.dependencies]` (`x.workspace = true`). */
  inherited: boolean;
  version?: string;
  git?: string;
  registry?: string;
  features: string[];
  defaultFeatures: boolean;
}

export type CargoTargetKind = 'lib' | 'bin' | 'example' | 'test' | 'bench';

export interface CargoTarget {
  kind: CargoTargetKind;
  name: string;
  /** Source file relative to the crate folder. */
  path: string;
  /** lib only: crate types (`lib`, `rlib`, `cdylib`, `staticlib`, `dylib`, `proc-macro`). */
  crateTypes?: string[];
  /** bench/test: `harness = false` targets run their own main. */
  harness?: boolean;
  /** As written (`test`, `doctest`); absent means cargo's default for the kind (see test-units.ts). */
  test?: boolean;
  doctest?: boolean;
  requiredFeatures?: string[];
}

export interface ProfileSettings {
  inherits?: string;
  [key: string]: unknown;
}

/** `[package.metadata.nx]`: per-crate Nx settings, as package.json's `"nx"` field is for JS. */
export interface NxMetadata {
  name?: string;
  tags?: string[];
  implicitDependencies?: string[];
  targets?: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
}

export interface Crate {
  name: string;
  version: string;
  /** Folder holding Cargo.toml, relative to the model root ('' for the root itself). */
  root: string;
  manifestPath: string;
  /** Folder of the workspace root manifest this crate belongs to (its own root when standalone). */
  workspaceRoot: string;
  edition: string;
  description?: string;
  license?: string;
  /**
   * `publish` as `cargo metadata` reports it: false for `publish = false` or `[]`, and for a
   * package without a version. Whether cargo would package and publish it is `publishability`.
   */
  publish: boolean;
  /** Whether `cargo publish` takes it (the registries `publish = [..]` allows), or why it refuses. */
  publishability: Publishability;
  rustVersion?: string;
  /** `build.rs` (when present, or `build = true`) or `package.build`, normalized; undefined when there is none. */
  buildScript?: string;
  /** `package.default-run`: the binary `cargo run` picks when there are several. */
  defaultRun?: string;
  dependencies: Dependency[];
  /** `[features]`, plus the implicit `x = ["dep:x"]` of each optional dependency not named with `dep:`, as cargo reports them. */
  features: Record<string, string[]>;
  targets: CargoTarget[];
  nx: NxMetadata;
}

export interface Workspace {
  /** Folder of the manifest with `[workspace]`. */
  root: string;
  manifestPath: string;
  /**
   * Member crate folders, much in cargo's order: `members` entries as listed (glob matches in
   * path order), each followed by the path dependencies it pulls in, then the root package.
   */
  members: string[];
  defaultMembers: string[];
  exclude: string[];
  /** Profiles declared in `[profile.*]` (custom and built-in ones that are overridden). */
  profiles: Record<string, ProfileSettings>;
  /** Folder of the workspace's Cargo.lock if it exists. */
  lockfilePath?: string;
  hasLints: boolean;
  /** Folders of the `[patch]` and `[replace]` path crates of its manifest (may start with `../`). */
  patchPaths?: string[];
  /** Folders outside the model root that its members depend on by path (they start with `../`). */
  outsidePaths?: string[];
  /**
   * Why cargo refuses to load this workspace, and so to run any command on any of its crates
   * (a member it cannot load, a `members` entry naming nothing, two members with one name, …):
   * the first such problem. Absent when cargo loads it.
   */
  error?: Problem;
}

export type ProblemSeverity = 'error' | 'warning';

/** Something the loader refused or doubted, tied to a file (and line when known). */
export interface Problem {
  severity: ProblemSeverity;
  file: string;
  line?: number;
  column?: number;
  message: string;
}

export interface LockPackage {
  name: string;
  version: string;
  /** `registry+…`, `git+…`, or undefined for path/workspace packages. */
  source?: string;
  checksum?: string;
  /** Keys (see `lockKey`) of the packages it depends on. */
  dependencies: string[];
}

export interface Lockfile {
  path: string;
  packages: Map<string, LockPackage>;
}

export interface CargoModel {
  crates: Crate[];
  workspaces: Workspace[];
  lockfiles: Lockfile[];
  problems: Problem[];
  invalid: InvalidCrate[];
}

/** A manifest that cargo could not load as a package, kept so its error can be shown where it is asked for. */
export interface InvalidCrate {
  root: string;
  manifestPath: string;
  name?: string;
  problem: Problem;
  /** The workspace that cargo loads it for (as a member or a member's path dependency), and refuses for it. */
  workspaceRoot?: string;
}

/**
 * Whether cargo would package and publish a crate, and if not, why. Cargo's rules (cargo 1.95):
 * `cargo publish` refuses `publish = false`, `publish = []` and a package without a version
 * ("`package.publish` must be set to `true` or a non-empty list in Cargo.toml to publish");
 * `cargo package` (and so `cargo publish`) refuses a normal or build dependency — target-specific
 * ones included — that has a `path` or `git` but no `version`, written on it or inherited from
 * `[workspace.dependencies]` ("all dependencies must have a version requirement specified when
 * packaging"); dev-dependencies without a version are stripped from the package instead.
 */
export type Publishability = { publishable: true; registries?: string[] } | { publishable: false; refusal: PublishRefusal };

export type PublishRefusal =
  | { kind: 'publish-false' }
  | { kind: 'no-version' }
  | {
      kind: 'unversioned-dependency';
      /** The package cargo names in its message (the real name when renamed). */
      dependency: string;
      /** Its key in the table (differs from `dependency` when renamed with `package = …`). */
      key: string;
      /** The table it is written in, as in the manifest: `dependencies`, `target.'cfg(unix)'.build-dependencies`, … */
      table: string;
      source: 'path' | 'git';
      /** Its entry is `x.workspace = true`, taking path and (missing) version from `[workspace.dependencies]`. */
      inherited: boolean;
    };
