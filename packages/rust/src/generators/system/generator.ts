import { generateFiles, joinPathFragments, readNxJson, updateNxJson, type Tree } from '@nx/devkit';
import { globToRegExp, isGlob } from '../../cargo/glob';
import { isWithin, joinRelative } from '../../cargo/paths';
import { asString, asStringArray, asTable } from '../../cargo/toml';
import { addToSharedVersionGroup } from '../../release/groups';
import { readCargoWorkspace, type CargoWorkspace } from './cargo-workspace';
import { markdownText, tomlKey, tomlString } from './escape';
import { libName, titleOf } from './names';
import { normalizeOptions, type SystemGeneratorSchema, type SystemOptions } from './options';
import { editRootManifest, type RootManifestEdits } from './root-manifest';
import { rustUse } from './rust-code';

export type { SystemGeneratorSchema } from './options';

/** Versions that both crates.io and Debian's packaged crates (clap 4.0.32, criterion 0.3.6) satisfy. */
const CLAP = { version: '4.0', features: ['derive'] };
const CRITERION = '0.3';
/** The licence of generated crates when the workspace sets none: the Rust project's own, the usual one on crates.io. */
export const DEFAULT_LICENSE = 'MIT OR Apache-2.0';

/**
 * `nx g @ms/rust:system <name>`: a "system" crate (library, CLI, examples, tests, docs, benches),
 * added to the root Cargo workspace. Everything
 * is read and checked first; a refused input writes nothing.
 */
export function systemGenerator(tree: Tree, schema: SystemGeneratorSchema): void {
  const ws = readCargoWorkspace(tree);
  const options = normalizeOptions(tree, schema, ws);
  const rootManifest = editRootManifest(ws.text, rootEdits(ws, options));
  const substitutions = templateVariables(ws, options);

  const files = (part: string) => joinPathFragments(__dirname, 'files', part);
  generateFiles(tree, files('crate'), options.crateDir, substitutions);
  if (options.cli) generateFiles(tree, files('cli'), options.crateDir, substitutions);
  if (options.bench) generateFiles(tree, files('bench'), options.crateDir, substitutions);
  tree.write('Cargo.toml', rootManifest);
  // The crate inherits the workspace's version: `nx release` versions it with the crates sharing it.
  const nxJson = readNxJson(tree);
  if (nxJson?.release && addToSharedVersionGroup(nxJson.release, options.name)) updateNxJson(tree, nxJson);
}

export default systemGenerator;

/** What the root Cargo.toml lacks for the new crate; entries already there are reused as they are. */
export function rootEdits(ws: CargoWorkspace, options: SystemOptions): RootManifestEdits {
  const workspacePackage: Record<string, string> = {};
  if (ws.package.version === undefined) workspacePackage.version = '0.1.0';
  if (ws.package.edition === undefined) workspacePackage.edition = '2021';
  // crates.io wants a licence; the crate inherits the workspace's, or its licence file.
  if (ws.package.license === undefined && ws.package['license-file'] === undefined) workspacePackage.license = DEFAULT_LICENSE;
  const workspaceDependencies: Record<string, unknown> = {};
  if (options.cli && ws.dependencies.clap === undefined) workspaceDependencies.clap = CLAP;
  if (options.bench && ws.dependencies.criterion === undefined) workspaceDependencies.criterion = CRITERION;
  for (const dep of options.deps) {
    // The version makes the dependent publishable: cargo refuses to package a path dependency without one.
    if (ws.dependencies[dep.name] === undefined) workspaceDependencies[dep.name] = { path: dep.dir || '.', version: dep.version };
  }
  return {
    member: coveredByMembers(ws, options.crateDir) ? undefined : options.crateDir,
    workspacePackage,
    workspaceDependencies,
  };
}

/**
 * Whether `workspace.members` already takes in `dir`: listed as it is, or matched by a glob and
 * not excluded (cargo's rule: an `exclude` prefix beats glob members, not a listed path).
 */
export function coveredByMembers(ws: CargoWorkspace, dir: string): boolean {
  const entries = ws.members.map((m) => joinRelative('', m));
  if (entries.includes(dir)) return true;
  if (!entries.some((m) => isGlob(m) && globToRegExp(m).test(dir))) return false;
  const under = (entry: string) => isWithin(dir, joinRelative('', entry));
  const excluded = ws.exclude.some(under) && !entries.some(under);
  return !excluded;
}

function templateVariables(ws: CargoWorkspace, options: SystemOptions): Record<string, unknown> {
  const dependencies: string[] = [];
  if (options.cli) dependencies.push(clapDependency(ws));
  for (const dep of options.deps) dependencies.push(`${tomlKey(dep.name)}.workspace = true`);
  return {
    name: options.name,
    libName: libName(options.name),
    title: titleOf(options.name),
    crateDir: options.crateDir,
    crateDirToml: tomlString(options.crateDir),
    cli: options.cli,
    cliName: options.cliName,
    bench: options.bench,
    descriptionToml: tomlString(options.description),
    descriptionMd: markdownText(options.description),
    license: ws.package.license === undefined && ws.package['license-file'] !== undefined ? 'license-file' : 'license',
    lints: ws.hasLints,
    dependencies,
    devDependencies: options.bench ? ['criterion.workspace = true'] : [],
    deps: options.deps.map((d) => ({ name: d.name, dir: d.dir || '.' })),
    blackBox: options.bench ? blackBoxPath(ws) : '',
    rustUse,
  };
}

/**
 * The CLI needs clap 4 with its `derive` feature. A workspace entry without the feature gets it
 * added in the crate (features add up); an older clap is refused, its derive API differs.
 */
function clapDependency(ws: CargoWorkspace): string {
  const declared = ws.dependencies.clap;
  if (declared === undefined) return 'clap.workspace = true';
  const spec = typeof declared === 'string' ? { version: declared } : asTable(declared);
  const version = asString(spec.version);
  if (version !== undefined && /^\s*[=^~<]?\s*[0-3](\.|\s*$)/.test(version)) {
    throw new Error(`The workspace declares clap "${version}" in [workspace.dependencies]; the generated CLI uses clap 4's derive API. Update clap, or generate without a CLI (--cli=false).`);
  }
  return asStringArray(spec.features).includes('derive') ? 'clap.workspace = true' : 'clap = { workspace = true, features = ["derive"] }';
}

/** criterion 0.6 deprecated its own `black_box` (std's is the same); older ones, as 0.3, have it. */
function blackBoxPath(ws: CargoWorkspace): string {
  const declared = ws.dependencies.criterion;
  const version = typeof declared === 'string' ? declared : asString(asTable(declared).version);
  const m = /(\d+)(?:\.(\d+))?/.exec(version ?? CRITERION);
  const [major, minor] = [Number(m?.[1] ?? 0), Number(m?.[2] ?? 0)];
  return major > 0 || minor >= 6 ? 'std::hint::black_box' : 'criterion::black_box';
}
