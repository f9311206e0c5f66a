import type { NxJsonConfiguration, TargetConfiguration } from '@nx/devkit';
import { defaultNamedInputs, nxJsonOnlyNamedInputs } from './inputs';
import { CONFIGURED_FOR_NX_MAJOR, type NxBehaviour } from './nx-version';
import type { NormalizedTarget } from './options';
import { PUBLISH_TARGET, publishTargetMetadata } from './publish-target';
import { TARGET_SPECS } from './targets';
import { sharedTargetFields, targetNamedInputs } from './targets/shared-fields';
import { testCiSharedMetadata } from './targets/test-ci';

export const PLUGIN_NAME = '@ms/rust';

/** One entry of a `targetDefaults` list, as init writes them. */
type TargetDefaultEntry = Partial<TargetConfiguration> & { filter: { plugin: string } };

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
 * The warning for nx.json `targetDefaults` filtered to this plugin under an Nx older than 24 (init
 * writes them on Nx 24 only): they hold Nx 24's inputs, which on Nx 23 keep batched tasks from
 * the cache, and Nx 22 ignores them.
 */
export function olderNxTargetDefaultsWarning(nxJson: NxJsonConfiguration | undefined, nx: NxBehaviour): string | undefined {
  if (nx.sharedTargetDefaults) return undefined;
  const targets = [...filteredTargetDefaults(nxJson).keys()];
  if (targets.length === 0) return undefined;
  return (
    `nx.json's targetDefaults filtered to ${PLUGIN_NAME} (${targets.join(', ')}) are written for Nx >= ${CONFIGURED_FOR_NX_MAJOR}, ` +
    `and this workspace has Nx ${nx.version}: remove them. Below Nx ${CONFIGURED_FOR_NX_MAJOR} the plugin sets those targets itself; ` +
    `Nx 23 would apply their inputs, which keep batched tasks from ever hitting the cache, and Nx 22 ignores them. ` +
    `After an upgrade to Nx ${CONFIGURED_FOR_NX_MAJOR}, nx g ${PLUGIN_NAME}:init writes them again.`
  );
}

export const NOTHING_SHARED: NxJsonShared = { namedInputs: new Set(), targetFields: new Map() };

/**
 * Fields that `init` moves into nx.json's `targetDefaults`. Only the description and help: Nx
 * applies targetDefaults over inferred targets, so any field there would silently win over a
 * crate's own `[package.metadata.nx]` setting (a crate's extra input or `cache = false` lost,
 * and the cache replaying what that crate said must re-run).
 */
const TARGET_DEFAULT_FIELDS = ['metadata'] as const;

/**
 * The nx.json additions that let every crate project omit its shared configuration: the named
 * inputs, and one `targetDefaults` entry per enabled target, filtered to this plugin (Nx 24+).
 */
export function nxJsonSharedConfig(enabled: NormalizedTarget[]): Pick<NxJsonConfiguration, 'namedInputs' | 'targetDefaults'> {
  const entry = (metadata: unknown): TargetDefaultEntry[] => [{ filter: { plugin: PLUGIN_NAME }, metadata } as TargetDefaultEntry];
  return {
    // The lock gate's as Nx 24 reads it: below, each project defines its own (see LOCK_GATE_INPUT).
    namedInputs: { ...defaultNamedInputs(), ...nxJsonOnlyNamedInputs(), ...targetNamedInputs(enabled.map((t) => t.kind), true, enabled.some((t) => t.ciName)) },
    targetDefaults: Object.fromEntries([
      ...enabled.flatMap(({ kind, name, ciName }) => {
        const fields = sharedTargetFields(TARGET_SPECS[kind]);
        const own: [string, TargetDefaultEntry[]][] = [[name, entry(Object.fromEntries(TARGET_DEFAULT_FIELDS.map((f) => [f, fields[f]])).metadata)]];
        // The atomized test targets' descriptions (a glob key: their names differ from crate to crate).
        if (ciName) for (const [target, metadata] of Object.entries(testCiSharedMetadata(ciName, name))) own.push([target, entry(metadata)]);
        return own;
      }),
      [PUBLISH_TARGET, entry(publishTargetMetadata())],
    ]),
  };
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
