import type { TargetConfiguration } from '@nx/devkit';
import type { TargetKind } from '../options';
import { bench } from './bench';
import { build } from './build';
import { check } from './check';
import { doc } from './doc';
import { fmt } from './fmt';
import { lint } from './lint';
import { packageTarget } from './package';
import { run } from './run';
import type { TargetSpec } from './spec';
import { test } from './test';

export const TARGET_SPECS: Record<TargetKind, TargetSpec> = { build, check, test, lint, fmt, doc, bench, run, package: packageTarget };
export type { TargetSpec } from './spec';

/**
 * As Nx merges a target over another: shallow, except `options` and `metadata`, merged one level
 * deeper, `configurations`, merged per configuration (setting `release.features` keeps
 * `release.profile`), and `inputs`, `outputs` and `dependsOn`, where a `"..."` entry stands for
 * the inferred list: `inputs = ["...", { env: "CC" }]` adds to what is inferred.
 */
export function mergeTarget(base: TargetConfiguration, extra: Partial<TargetConfiguration>): TargetConfiguration {
  const merged: TargetConfiguration = { ...base, ...extra };
  for (const key of ['options', 'metadata'] as const) {
    if (base[key] && extra[key]) merged[key] = { ...base[key], ...extra[key] };
  }
  if (base.configurations && extra.configurations) {
    const configurations: Record<string, Record<string, unknown>> = { ...base.configurations };
    for (const [name, config] of Object.entries(extra.configurations)) configurations[name] = { ...base.configurations[name], ...config };
    merged.configurations = configurations;
  }
  for (const key of ['inputs', 'outputs', 'dependsOn'] as const) {
    const list = extra[key] as unknown[] | undefined;
    if (Array.isArray(list) && list.includes('...')) {
      (merged as Record<string, unknown>)[key] = list.flatMap((entry) => (entry === '...' ? ((base[key] as unknown[] | undefined) ?? []) : [entry]));
    }
  }
  return merged;
}
