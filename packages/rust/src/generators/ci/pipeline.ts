import type { NxJsonConfiguration } from '@nx/devkit';
import { normalizeOptions, type RustPluginOptions, type TargetKind } from '../../plugin/options';
import { PLUGIN_NAME } from '../../plugin/shared-config';

/** The pipeline's stages in order (seeds/000 §6): the cheap checks first, so they fail first. */
export const PIPELINE = ['fmt', 'lint', 'test', 'build', 'package'] as const satisfies readonly TargetKind[];
export type PipelineKind = (typeof PIPELINE)[number];

export interface Stage {
  kind: PipelineKind;
  /** The target names this stage runs: one per distinct name the plugin entries give the kind. */
  targets: string[];
}

/**
 * The stages as the workspace's plugin entries name them: a renamed target under its name, a
 * target switched off (`false`) in every entry left out. Throws when nx.json does not register
 * the plugin: a workflow would then run nothing.
 */
export function pipelineStages(nxJson: NxJsonConfiguration | null): Stage[] {
  const entries = pluginEntries(nxJson);
  if (entries.length === 0) {
    throw new Error(`@ms/rust:ci: nx.json does not register ${PLUGIN_NAME} (no "plugins" entry names it): run \`nx g ${PLUGIN_NAME}:init\` first`);
  }
  const names = new Map<PipelineKind, Set<string>>();
  for (const options of entries) {
    for (const target of normalizeOptions(options)) {
      if (!isPipelineKind(target.kind)) continue;
      if (!names.has(target.kind)) names.set(target.kind, new Set());
      names.get(target.kind)!.add(target.name);
    }
  }
  return PIPELINE.filter((kind) => names.has(kind)).map((kind) => ({ kind, targets: [...names.get(kind)!] }));
}

/** The options of each @ms/rust entry in nx.json (undefined for a bare name). */
function pluginEntries(nxJson: NxJsonConfiguration | null): (RustPluginOptions | undefined)[] {
  const out: (RustPluginOptions | undefined)[] = [];
  for (const entry of nxJson?.plugins ?? []) {
    if (entry === PLUGIN_NAME) out.push(undefined);
    else if (typeof entry === 'object' && entry.plugin === PLUGIN_NAME) out.push(entry.options as RustPluginOptions | undefined);
  }
  return out;
}

function isPipelineKind(kind: TargetKind): kind is PipelineKind {
  return (PIPELINE as readonly TargetKind[]).includes(kind);
}
