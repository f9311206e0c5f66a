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
 * Shallow merge, except `options`, `configurations` and `metadata`, merged one level deeper, and
 * `inputs`, `outputs` and `dependsOn`, where a `"..."` entry stands for the inferred list (as in
 * Nx's own merging): `inputs = ["...", { env: "CC" }]` adds to what is inferred.
 */
export function mergeTarget(base: TargetConfiguration, extra: Partial<TargetConfiguration>): TargetConfiguration {
  const merged: TargetConfiguration = { ...base, ...extra };
  for (const key of ['options', 'configurations', 'metadata'] as const) {
    if (base[key] && extra[key]) merged[key] = { ...base[key], ...extra[key] };
  }
  for (const key of ['inputs', 'outputs', 'dependsOn'] as const) {
    const list = extra[key] as unknown[] | undefined;
    if (Array.isArray(list) && list.includes('...')) {
      (merged as Record<string, unknown>)[key] = list.flatMap((entry) => (entry === '...' ? ((base[key] as unknown[] | undefined) ?? []) : [entry]));
    }
  }
  return merged;
}
