import { asString, asStringArray, asTable, isTable, type TomlTable } from './toml';
import { readPatchPaths } from './patches';
import type { DependencyKind, NxMetadata, ProfileSettings } from './types';

/** A dependency as written in one table of one manifest, before workspace inheritance. */
export interface RawDependency {
  name: string;
  kind: DependencyKind;
  target?: string;
  spec: TomlTable;
}

/** A `[lib]`, `[[bin]]`, … entry as written. */
export interface RawTarget {
  name?: string;
  path?: string;
  crateTypes?: string[];
  procMacro?: boolean;
  harness?: boolean;
  /** `test = false`: `cargo test` leaves the target out; `doctest = false`: no doc tests (lib). */
  test?: boolean;
  doctest?: boolean;
  requiredFeatures?: string[];
}

export interface WorkspaceSection {
  members: string[];
  exclude: string[];
  defaultMembers?: string[];
  package: TomlTable;
  dependencies: Record<string, TomlTable>;
  hasLints: boolean;
}

/** One Cargo.toml, parsed and typed but not yet resolved against its workspace. */
export interface Manifest {
  file: string;
  dir: string;
  package?: TomlTable;
  workspace?: WorkspaceSection;
  dependencies: RawDependency[];
  lib?: RawTarget;
  bins?: RawTarget[];
  examples?: RawTarget[];
  tests?: RawTarget[];
  benches?: RawTarget[];
  features: Record<string, string[]>;
  profiles: Record<string, ProfileSettings>;
  nx: NxMetadata;
  /** `[patch.*]` and `[replace]` entries with a `path`: their folders. */
  patchPaths: string[];
  /**
   * Old underscored spellings used (`dev_dependencies`, `crate_type`, `default_features`,
   * `project`…): cargo reads them before edition 2024 and refuses the manifest from 2024 on.
   */
  legacyKeys: string[];
}

const DEPENDENCY_TABLES: ReadonlyArray<[string, DependencyKind]> = [
  ['dependencies', 'normal'],
  ['dev-dependencies', 'dev'],
  ['build-dependencies', 'build'],
];

export function readManifest(doc: TomlTable, file: string, dir: string): Manifest {
  const legacyKeys: string[] = [];
  const pkg = isTable(doc.package) ? doc.package : isTable(doc.project) ? doc.project : undefined;
  if (!isTable(doc.package) && isTable(doc.project)) legacyKeys.push('project');
  const legacy = (table: TomlTable, key: string) => legacySpelling(table, key, legacyKeys);
  return {
    file,
    dir,
    package: pkg,
    workspace: isTable(doc.workspace) ? readWorkspaceSection(doc.workspace) : undefined,
    dependencies: readDependencyTables(doc, legacy),
    lib: isTable(doc.lib) ? readTarget(doc.lib, legacy) : undefined,
    bins: readTargetArray(doc.bin, legacy),
    examples: readTargetArray(doc.example, legacy),
    tests: readTargetArray(doc.test, legacy),
    benches: readTargetArray(doc.bench, legacy),
    features: Object.fromEntries(Object.entries(asTable(doc.features)).map(([k, v]) => [k, asStringArray(v)])),
    profiles: asTable(doc.profile) as Record<string, ProfileSettings>,
    nx: asTable(asTable(pkg?.metadata).nx) as NxMetadata,
    patchPaths: readPatchPaths(doc, dir),
    legacyKeys,
  };
}

/**
 * `table[key]`, or its underscored spelling (`dev_dependencies`, `crate_type`…) when the dashed
 * one is absent: cargo prefers the dashed key and ignores the other when both are written.
 */
function legacySpelling(table: TomlTable, key: string, legacyKeys: string[]): unknown {
  const old = underscored(key);
  if (old !== key && table[old] !== undefined && !legacyKeys.includes(old)) legacyKeys.push(old);
  return table[key] ?? table[old];
}

/** Memoised: this runs for every dependency of every manifest on the graph's cold path. */
const UNDERSCORED = new Map<string, string>();
function underscored(key: string): string {
  let old = UNDERSCORED.get(key);
  if (old === undefined) {
    old = key.replace(/-/g, '_');
    UNDERSCORED.set(key, old);
  }
  return old;
}

function readWorkspaceSection(ws: TomlTable): WorkspaceSection {
  return {
    members: asStringArray(ws.members),
    exclude: asStringArray(ws.exclude),
    defaultMembers: Array.isArray(ws['default-members']) ? asStringArray(ws['default-members']) : undefined,
    package: asTable(ws.package),
    dependencies: Object.fromEntries(
      Object.entries(asTable(ws.dependencies)).map(([name, spec]) => [name, normalizeSpec(spec)]),
    ),
    hasLints: isTable(ws.lints),
  };
}

type Legacy = (table: TomlTable, key: string) => unknown;

function readDependencyTables(doc: TomlTable, legacy: Legacy): RawDependency[] {
  const out: RawDependency[] = [];
  const collect = (table: TomlTable, target?: string) => {
    for (const [key, kind] of DEPENDENCY_TABLES) {
      for (const [name, spec] of Object.entries(asTable(legacy(table, key)))) {
        const normalized = normalizeSpec(spec);
        legacy(normalized, 'default-features'); // only notes a `default_features` spelling
        out.push({ name, kind, target, spec: normalized });
      }
    }
  };
  collect(doc);
  for (const [target, table] of Object.entries(asTable(doc.target))) collect(asTable(table), target);
  return out;
}

/** `x = "1.0"` is shorthand for `x = { version = "1.0" }`. */
function normalizeSpec(spec: unknown): TomlTable {
  if (typeof spec === 'string') return { version: spec };
  return asTable(spec);
}

function readTarget(t: TomlTable, legacy: Legacy): RawTarget {
  const crateTypes = legacy(t, 'crate-type');
  const procMacro = legacy(t, 'proc-macro');
  const requiredFeatures = t['required-features'];
  return {
    name: asString(t.name),
    path: asString(t.path),
    crateTypes: Array.isArray(crateTypes) ? asStringArray(crateTypes) : undefined,
    procMacro: typeof procMacro === 'boolean' ? procMacro : undefined,
    harness: typeof t.harness === 'boolean' ? t.harness : undefined,
    test: typeof t.test === 'boolean' ? t.test : undefined,
    doctest: typeof t.doctest === 'boolean' ? t.doctest : undefined,
    requiredFeatures: Array.isArray(requiredFeatures) ? asStringArray(requiredFeatures) : undefined,
  };
}

function readTargetArray(value: unknown, legacy: Legacy): RawTarget[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.filter(isTable).map((t) => readTarget(t, legacy));
}
