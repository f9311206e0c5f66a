import type { NxJsonConfiguration, TargetConfiguration } from '@nx/devkit';
import { defaultNamedInputs, nxJsonOnlyNamedInputs } from './inputs';
import { CONFIGURED_FOR_NX_MAJOR, type NxBehaviour } from './nx-version';
import type { NormalizedTarget } from './options';
import { targetNamedInputs } from './targets/shared-fields';

export const PLUGIN_NAME = '@ms/rust';

/**
 * What nx.json already provides for this plugin's targets. Anything nx.json provides is left out
 * of every project's configuration: with plugin isolation each byte of each project crosses a
 * process boundary twice per graph computation, so a 1000-crate graph is far faster this way.
 */
export interface NxJsonShared {
  namedInputs: ReadonlySet<string>;
  /** Per target name: the fields that a `targetDefaults` entry filtered to this plugin sets. */
  targetFields: ReadonlyMap<string, ReadonlySet<string>>;
}

/**
 * What nx.json provides; `targetDefaults` entries count only where the installed Nx applies them
 * as init writes them (see `NxBehaviour.sharedTargetDefaults`).
 */
export function readNxJsonShared(nxJson: NxJsonConfiguration | undefined, nx: NxBehaviour): NxJsonShared {
  const namedInputs = new Set(Object.keys(nxJson?.namedInputs ?? {}));
  const targetFields = filteredTargetDefaults(nxJson);
  return { namedInputs, targetFields: nx.sharedTargetDefaults ? targetFields : new Map() };
}

/** Per target name, the fields nx.json's `targetDefaults` entries filtered to this plugin set. */
export function filteredTargetDefaults(nxJson: NxJsonConfiguration | undefined): Map<string, Set<string>> {
  const targetFields = new Map<string, Set<string>>();
  for (const [name, value] of Object.entries(nxJson?.targetDefaults ?? {})) {
    if (!Array.isArray(value)) continue;
    for (const entry of value) {
      if (entry.filter?.plugin !== PLUGIN_NAME) continue;
      const fields = targetFields.get(name) ?? new Set<string>();
      for (const key of Object.keys(entry)) if (key !== 'filter') fields.add(key);
      targetFields.set(name, fields);
    }
  }
  return targetFields;
}

/**
 * The warning for nx.json `targetDefaults` filtered to this plugin under an Nx older than 24: the
 * plugin does not leave their fields out there, Nx 23 would apply them over its own (inputs that
 * keep batched tasks from the cache among them), and Nx 22 ignores them.
 */
export function olderNxTargetDefaultsWarning(nxJson: NxJsonConfiguration | undefined, nx: NxBehaviour): string | undefined {
  if (nx.sharedTargetDefaults) return undefined;
  const targets = [...filteredTargetDefaults(nxJson).keys()];
  if (targets.length === 0) return undefined;
  return (
    `nx.json's targetDefaults filtered to ${PLUGIN_NAME} (${targets.join(', ')}) are written for Nx >= ${CONFIGURED_FOR_NX_MAJOR}, ` +
    `and this workspace has Nx ${nx.version}: remove them. Below Nx ${CONFIGURED_FOR_NX_MAJOR} the plugin sets those targets itself; ` +
    `Nx 23 would apply their inputs, which keep batched tasks from ever hitting the cache, and Nx 22 ignores them.`
  );
}

export const NOTHING_SHARED: NxJsonShared = { namedInputs: new Set(), targetFields: new Map() };

/**
 * The named inputs every crate's targets name, for nx.json: each project then leaves its own out.
 *
 * No `targetDefaults`, though Nx 24 can filter them to this plugin: Nx turns each entry into one
 * more configuration layer per target of every project and merges it in, which costs more than
 * the bytes it saves (measured at 1000 crates: about 200 ms more per command for the targets'
 * descriptions alone). Any field there would also win over a crate's own setting.
 */
export function nxJsonSharedConfig(enabled: NormalizedTarget[]): Pick<NxJsonConfiguration, 'namedInputs'> {
  // The lock gate's as Nx 24 reads it: below, each project defines its own (see LOCK_GATE_INPUT).
  return { namedInputs: { ...defaultNamedInputs(), ...nxJsonOnlyNamedInputs(), ...targetNamedInputs(enabled.map((t) => t.kind), true, enabled.some((t) => t.ciName)) } };
}

/**
 * Whether a `targetDefaults` entry is one that `init` wrote before it stopped writing them (see
 * `nxJsonSharedConfig`): filtered to this plugin, and setting nothing but the target's metadata,
 * which the plugin sets itself.
 */
export function isMetadataOnlyEntry(entry: unknown): boolean {
  if (typeof entry !== 'object' || entry === null) return false;
  const { filter, ...fields } = entry as { filter?: { plugin?: string } };
  const keys = Object.keys(filter ?? {});
  return filter?.plugin === PLUGIN_NAME && keys.length === 1 && Object.keys(fields).length === 1 && 'metadata' in fields;
}

/**
 * Target settings of a crate (or of the plugin options) that Nx will ignore because a
 * `targetDefaults` entry filtered to this plugin sets the same field: Nx applies those over
 * inferred targets. Each entry names the target and the fields.
 */
export function settingsHiddenByNxJson(
  overrides: Record<string, Partial<TargetConfiguration>> | undefined,
  shared: NxJsonShared,
): { target: string; fields: string[] }[] {
  const hidden: { target: string; fields: string[] }[] = [];
  for (const [target, override] of Object.entries(overrides ?? {})) {
    const inNxJson = shared.targetFields.get(target);
    const fields = Object.keys(override ?? {}).filter((f) => inNxJson?.has(f));
    if (fields.length) hidden.push({ target, fields });
  }
  return hidden;
}
