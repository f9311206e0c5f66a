/**
 * Test helper: runs the real `cargo metadata` on a fixture workspace and puts its answer and the
 * cargo model's side by side in one comparable shape, so a spec can `expect(model).toEqual(cargo)`.
 *
 * Cargo runs on a temporary copy of the fixture (it may write Cargo.lock; CARGO_TARGET_DIR points
 * into the copy too), never on the files in the repository, and always `--offline`.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { loadCargoModel } from '../cargo/load';
import { nodeFs } from '../cargo/fs';
import type { CargoModel, Crate } from '../cargo/types';

export const FIXTURES = join(__dirname, '..', 'cargo', '__fixtures__');

export function fixturePath(name: string): string {
  return join(FIXTURES, name);
}

/** Every Cargo.toml under `dir`, as POSIX paths relative to it (what the plugin would pass). */
export function findManifests(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
      const path = rel === '' ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory() && e.name !== 'target') walk(path);
      else if (e.isFile() && e.name === 'Cargo.toml') out.push(path);
    }
  };
  walk('');
  return out.sort();
}

/** Every file under `dir` (POSIX, relative), for `fileListFs`. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
      const path = rel === '' ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) walk(path);
      else out.push(path);
    }
  };
  walk('');
  return out.sort();
}

/** The cargo model of a fixture, loaded from disk with the fixture folder as model root. */
export function loadFixture(name: string): CargoModel {
  const root = fixturePath(name);
  return loadCargoModel(findManifests(root), { fs: nodeFs(root) });
}

/** A throwaway copy of a fixture for cargo to run in. */
export class CargoSandbox {
  readonly root: string;
  private readonly targetDir: string;

  constructor(fixture: string) {
    const base = realpathSync(mkdtempSync(join(tmpdir(), 'ms-rust-cargo-')));
    this.root = join(base, 'ws');
    this.targetDir = join(base, 'target');
    cpSync(fixturePath(fixture), this.root, { recursive: true });
  }

  /** Runs cargo with argument arrays (no shell); throws with cargo's stderr on failure. */
  cargo(args: string[]): string {
    return execFileSync('cargo', args, {
      cwd: this.root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, CARGO_TARGET_DIR: this.targetDir, CARGO_NET_OFFLINE: 'true', CARGO_TERM_COLOR: 'never' },
    });
  }

  /** `cargo metadata` for the manifest at `manifest` (relative to the fixture root). */
  metadata(manifest = 'Cargo.toml', options: { deps?: boolean; locked?: boolean } = {}): CargoMetadata {
    const args = ['metadata', '--format-version', '1', '--offline', '--manifest-path', join(this.root, manifest)];
    if (!options.deps) args.push('--no-deps');
    if (options.locked) args.push('--locked');
    return JSON.parse(this.cargo(args)) as CargoMetadata;
  }

  /** cargo's error output when it refuses a manifest; throws if cargo accepts it. */
  metadataError(manifest = 'Cargo.toml'): string {
    try {
      this.metadata(manifest);
    } catch (e) {
      return String((e as { stderr?: string }).stderr ?? e);
    }
    throw new Error(`cargo metadata unexpectedly accepted ${manifest}`);
  }

  /** Overwrites a file of the copy (to try a variant of the fixture). */
  write(file: string, text: string): void {
    writeFileSync(join(this.root, file), text);
  }

  /** The cargo model of the copy, as it is now. */
  model(): CargoModel {
    return loadCargoModel(findManifests(this.root), { fs: nodeFs(this.root) });
  }

  /** A path cargo printed, relative to the fixture root (POSIX). */
  rel(abs: string): string {
    return relative(this.root, abs).split(sep).join('/');
  }

  dispose(): void {
    rmSync(dirname(this.root), { recursive: true, force: true });
  }
}

/** The parts of `cargo metadata --format-version 1` these tests read. */
export interface CargoMetadata {
  packages: MetadataPackage[];
  workspace_members: string[];
  workspace_default_members?: string[];
  workspace_root: string;
  resolve: { root: string | null; nodes: { id: string; deps: { pkg: string; name: string }[] }[] } | null;
}

export interface MetadataPackage {
  id: string;
  name: string;
  version: string;
  manifest_path: string;
  edition: string;
  description: string | null;
  license: string | null;
  publish: string[] | null;
  rust_version: string | null;
  features: Record<string, string[]>;
  metadata: Record<string, unknown> | null;
  targets: { kind: string[]; crate_types: string[]; name: string; src_path: string; 'required-features'?: string[] }[];
  dependencies: {
    name: string;
    rename: string | null;
    kind: 'dev' | 'build' | null;
    target: string | null;
    optional: boolean;
    uses_default_features: boolean;
    features: string[];
    path?: string;
  }[];
}

/** One workspace as both sides describe it; paths are POSIX, relative to the fixture root. */
export interface WorkspaceView {
  root: string;
  members: string[];
  defaultMembers?: string[];
  packages: PackageView[];
}

export interface PackageView {
  name: string;
  version: string;
  manifestPath: string;
  edition: string;
  description: string | null;
  license: string | null;
  publish: boolean;
  rustVersion: string | null;
  features: Record<string, string[]>;
  nx: unknown;
  targets: TargetView[];
  dependencies: DependencyView[];
}

export interface TargetView {
  /** cargo's `kind`: a lib's crate types, else `bin`, `example`, `test`, `bench`, `custom-build`. */
  kind: string[];
  name: string;
  /** Relative to the crate folder. */
  path: string;
  requiredFeatures?: string[];
}

export interface DependencyView {
  /** The package depended on. */
  name: string;
  /** The key it is known by when renamed. */
  rename: string | null;
  kind: 'dev' | 'build' | null;
  target: string | null;
  optional: boolean;
  usesDefaultFeatures: boolean;
  features: string[];
  path: string | null;
}

/**
 * `defaultMembers` is compared only when cargo ran on the workspace root manifest: from a
 * member's manifest cargo reports that member alone as the default.
 */
export function cargoView(sandbox: CargoSandbox, meta: CargoMetadata, options: { defaultMembers?: boolean } = {}): WorkspaceView {
  const byId = new Map(meta.packages.map((p) => [p.id, p]));
  const dirOfId = (id: string) => sandbox.rel(dirname(byId.get(id)!.manifest_path));
  const members = meta.workspace_members.map((id) => {
    if (!byId.has(id)) throw new Error(`cargo metadata lists member ${id} without its package`);
    return dirOfId(id);
  });
  const view: WorkspaceView = {
    root: sandbox.rel(meta.workspace_root),
    // A set: cargo orders path-dependency members by its own (sorted) dependency order.
    members: [...members].sort(),
    packages: meta.workspace_members.map((id) => packageFromCargo(sandbox, byId.get(id)!)).sort(byManifest),
  };
  if (options.defaultMembers !== false) view.defaultMembers = (meta.workspace_default_members ?? []).map(dirOfId).sort();
  return view;
}

function packageFromCargo(sandbox: CargoSandbox, p: MetadataPackage): PackageView {
  const crateDir = dirname(p.manifest_path);
  return {
    name: p.name,
    version: p.version,
    manifestPath: sandbox.rel(p.manifest_path),
    edition: p.edition,
    description: p.description,
    license: p.license,
    // null: publish anywhere; []: `publish = false`; a list: only to those registries.
    publish: p.publish === null || p.publish.length > 0,
    rustVersion: p.rust_version,
    features: p.features,
    nx: (p.metadata?.nx as unknown) ?? {},
    targets: p.targets
      .map((t) => target(t.kind, t.name, relative(crateDir, t.src_path).split(sep).join('/'), t['required-features']))
      .sort(byTarget),
    dependencies: p.dependencies
      .map(
        (d): DependencyView => ({
          name: d.name,
          // cargo sets `rename` whenever `package = "…"` is written, even to the same name.
          rename: d.rename === d.name ? null : d.rename,
          kind: d.kind,
          target: d.target,
          optional: d.optional,
          usesDefaultFeatures: d.uses_default_features,
          features: d.features,
          path: d.path === undefined ? null : sandbox.rel(d.path),
        }),
      )
      .sort(byJson),
  };
}

/** The workspace rooted at `root` (a folder relative to the model root) as the model sees it. */
export function modelView(model: CargoModel, root: string, options: { defaultMembers?: boolean } = {}): WorkspaceView {
  const ws = model.workspaces.find((w) => w.root === root);
  if (!ws) throw new Error(`the model has no workspace at "${root}"`);
  const crates = new Map(model.crates.map((c) => [c.root, c]));
  const view: WorkspaceView = {
    root,
    members: [...ws.members].sort(),
    packages: ws.members
      .map((dir) => {
        const crate = crates.get(dir);
        if (!crate) throw new Error(`the model lists member "${dir}" but has no crate for it`);
        return packageFromModel(crate);
      })
      .sort(byManifest),
  };
  if (options.defaultMembers !== false) view.defaultMembers = [...ws.defaultMembers].sort();
  return view;
}

export function packageFromModel(c: Crate): PackageView {
  const targets = c.targets.map((t) =>
    target(t.kind === 'lib' ? (t.crateTypes ?? ['lib']) : [t.kind], t.name, t.path, t.requiredFeatures),
  );
  if (c.buildScript !== undefined) {
    const stem = c.buildScript.slice(c.buildScript.lastIndexOf('/') + 1).replace(/\.rs$/, '');
    targets.push(target(['custom-build'], `build-script-${stem}`, c.buildScript));
  }
  return {
    name: c.name,
    version: c.version,
    manifestPath: c.manifestPath,
    edition: c.edition,
    description: c.description ?? null,
    license: c.license ?? null,
    publish: c.publish,
    rustVersion: c.rustVersion ?? null,
    features: c.features,
    nx: c.nx,
    targets: targets.sort(byTarget),
    dependencies: c.dependencies
      .map(
        (d): DependencyView => ({
          name: d.package,
          rename: d.name === d.package ? null : d.name,
          kind: d.kind === 'normal' ? null : d.kind,
          target: d.target ?? null,
          optional: d.optional,
          usesDefaultFeatures: d.defaultFeatures,
          features: d.features,
          path: d.path ?? null,
        }),
      )
      .sort(byJson),
  };
}

function target(kind: string[], name: string, path: string, requiredFeatures?: string[]): TargetView {
  const t: TargetView = { kind, name, path };
  if (requiredFeatures?.length) t.requiredFeatures = requiredFeatures;
  return t;
}

const byManifest = (a: PackageView, b: PackageView) => compare(a.manifestPath, b.manifestPath);
const byTarget = (a: TargetView, b: TargetView) => compare(`${a.kind.join(',')} ${a.name}`, `${b.kind.join(',')} ${b.name}`);
const byJson = (a: unknown, b: unknown) => compare(JSON.stringify(a), JSON.stringify(b));

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Declares a `describe` block for a fixture: its model (loaded from the fixture folder) and a
 * sandbox copy for cargo, created once for the block and deleted after it.
 */
export function describeFixture(
  fixture: string,
  body: (ctx: { model: () => CargoModel; cargo: () => CargoSandbox }) => void,
): void {
  describe(`fixture ${fixture}`, () => {
    let model: CargoModel;
    let sandbox: CargoSandbox | undefined;
    beforeAll(() => {
      model = loadFixture(fixture);
    });
    afterAll(() => sandbox?.dispose());
    body({
      model: () => model,
      // Copied on first use, so tests that never run cargo cost no copy.
      cargo: () => (sandbox ??= new CargoSandbox(fixture)),
    });
  });
}

/** A model's problems as one line each, for readable assertions. */
export function problemLines(model: CargoModel): string[] {
  return model.problems.map((p) => `${p.severity} ${p.file}${p.line ? `:${p.line}:${p.column}` : ''}: ${p.message}`);
}
