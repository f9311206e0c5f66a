import { formatFiles, logger, readNxJson, updateNxJson, writeJson, type NxJsonConfiguration, type Tree } from '@nx/devkit';
import { normalizeOptions, type RustPluginOptions } from '../../plugin/options';
import { isMetadataOnlyEntry, nxJsonSharedConfig, PLUGIN_NAME } from '../../plugin/shared-config';
import { EARLIER_NAMED_INPUTS } from './earlier-named-inputs';
import { releaseConfiguration } from './release-config';

export interface InitOptions {
  skipFormat?: boolean;
}

/**
 * What cargo, the plugin and Nx write and nothing should commit. Nx's own entries are the ones
 * `nx init` adds: the rest of `.nx/` (workflows, a `.nx/installation` wrapper) may be committed.
 */
const IGNORED = ['target/', 'dist/', '.nx/cache', '.nx/workspace-data', '.nx/migrate-runs'];

/** nx.json's `$schema` as `nx init` writes it. */
const NX_JSON_SCHEMA = './node_modules/nx/schemas/nx-schema.json';

/** A virtual workspace the `system` generator can add crates to, with the fields they inherit. */
const VIRTUAL_WORKSPACE = `[workspace]
resolver = "2"
members = []

[workspace.package]
version = "0.1.0"
edition = "2021"
`;

/**
 * `nx add @ms/rust` / `nx g @ms/rust:init`, also in a workspace that has no nx.json yet. Safe to
 * run again: it only adds what is missing and never changes what the user set.
 */
export default async function initGenerator(tree: Tree, options: InitOptions = {}): Promise<void> {
  const existing = readNxJson(tree);
  const nxJson: NxJsonConfiguration = existing ?? { $schema: NX_JSON_SCHEMA };
  const pluginOptions = registerPlugin(nxJson);
  addSharedConfiguration(nxJson, pluginOptions);
  addReleaseConfiguration(tree, nxJson);
  // updateNxJson does nothing without an nx.json, and then Nx would never load the plugin.
  if (existing) updateNxJson(tree, nxJson);
  else writeJson(tree, 'nx.json', nxJson);
  ignore(tree, IGNORED);
  if (!tree.exists('Cargo.toml')) tree.write('Cargo.toml', VIRTUAL_WORKSPACE);
  if (!options.skipFormat) await formatFiles(tree);
}

/** `nx release` for the crates, unless nx.json configures releases already (then it is left as it is). */
function addReleaseConfiguration(tree: Tree, nxJson: NxJsonConfiguration): void {
  if (nxJson.release !== undefined) return;
  try {
    nxJson.release = releaseConfiguration(tree);
  } catch (e) {
    logger.warn(`@ms/rust: no "release" configuration written to nx.json: ${(e as Error).message}`);
  }
}

/** Adds the plugin entry unless one is there; returns the options of the entry in force. */
function registerPlugin(nxJson: NxJsonConfiguration): RustPluginOptions | undefined {
  nxJson.plugins ??= [];
  for (const entry of nxJson.plugins) {
    if (entry === PLUGIN_NAME) return undefined;
    if (typeof entry === 'object' && entry.plugin === PLUGIN_NAME) return entry.options as RustPluginOptions | undefined;
  }
  nxJson.plugins.push(PLUGIN_NAME);
  return undefined;
}

/**
 * The named inputs every crate's targets use: projects then leave them out, which makes the
 * project graph much smaller. Entries the user already has are left as they are, but for the
 * values an earlier init wrote that have changed since (`EARLIER_NAMED_INPUTS`): when nx.json
 * holds exactly those, all of them are replaced; when one differs, none is (it is the user's, and
 * replacing the others alone could leave the environment unhashed, or re-run fmt on `RUSTFLAGS`).
 * The `targetDefaults` entries an earlier init wrote (the targets' metadata, filtered to this
 * plugin) are removed: they cost Nx more per command than they save (see `nxJsonSharedConfig`).
 */
function addSharedConfiguration(nxJson: NxJsonConfiguration, pluginOptions: RustPluginOptions | undefined): void {
  const shared = nxJsonSharedConfig(normalizeOptions(pluginOptions));
  const namedInputs = (nxJson.namedInputs ??= {});
  const held = Object.keys(EARLIER_NAMED_INPUTS).filter((name) => namedInputs[name] !== undefined);
  const replace = held.length > 0 && held.every((name) => JSON.stringify(namedInputs[name]) === JSON.stringify(EARLIER_NAMED_INPUTS[name]));
  for (const [name, inputs] of Object.entries(shared.namedInputs ?? {})) {
    if (namedInputs[name] === undefined || (replace && name in EARLIER_NAMED_INPUTS)) namedInputs[name] = inputs;
  }
  removeMetadataOnlyEntries(nxJson);
}

function removeMetadataOnlyEntries(nxJson: NxJsonConfiguration): void {
  const defaults = nxJson.targetDefaults;
  if (!defaults) return;
  let removed = false;
  for (const [target, value] of Object.entries(defaults)) {
    if (!Array.isArray(value) || !value.some(isMetadataOnlyEntry)) continue;
    removed = true;
    const rest = value.filter((e) => !isMetadataOnlyEntry(e));
    // The user's catch-all entry that init had put into a list goes back to being the object it was.
    const [only] = rest;
    if (rest.length === 0) delete defaults[target];
    else if (rest.length === 1 && only.filter === undefined) defaults[target] = withoutFilter(only);
    else defaults[target] = rest;
  }
  if (removed && Object.keys(defaults).length === 0) delete nxJson.targetDefaults;
}

function withoutFilter<T extends { filter?: unknown }>(entry: T): Omit<T, 'filter'> {
  const { filter: _none, ...config } = entry;
  return config;
}

/** Appends the patterns .gitignore does not have yet, neither as written nor through a parent folder. */
function ignore(tree: Tree, patterns: string[]): void {
  const current = tree.exists('.gitignore') ? tree.read('.gitignore', 'utf-8')! : '';
  // `target`, `/target`, `target/` and `/target/` all ignore the folder.
  const bare = (p: string) => p.trim().replace(/^\//, '').replace(/\/$/, '');
  const lines = new Set(current.split(/\r?\n/).map(bare));
  // `.nx` or `.nx/` already ignores `.nx/cache`.
  const covered = (p: string) => bare(p).split('/').some((_, i, parts) => lines.has(parts.slice(0, i + 1).join('/')));
  const missing = patterns.filter((p) => !covered(p));
  if (missing.length === 0) return;
  const separator = current === '' || current.endsWith('\n') ? '' : '\n';
  tree.write('.gitignore', `${current}${separator}${missing.join('\n')}\n`);
}
