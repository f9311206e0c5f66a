import type { TargetConfiguration } from '@nx/devkit';
import type { TargetKind, NormalizedTarget } from '../options';
import { bench } from './bench';
import { build } from './build';
import { cargoTarget, type CargoTargetSpec, type CrateContext } from './cargo-target';
import { check } from './check';
import { doc } from './doc';
import { fmt } from './fmt';
import { lint } from './lint';
import { run } from './run';
import { test } from './test';

const SPECS: Record<TargetKind, (ctx: CrateContext) => CargoTargetSpec | undefined> = {
  build: () => build,
  check: () => check,
  test: () => test,
  lint: () => lint,
  fmt: () => fmt,
  doc: ({ crate, workspace }) => doc(crate, workspace),
  bench: ({ crate }) => bench(crate),
  run: ({ crate }) => run(crate),
};

/**
 * The crate's targets: each enabled kind that applies to it, under its configured name, with the
 * plugin options' extra configuration merged over the inferred one.
 */
export function crateTargets(ctx: CrateContext, enabled: NormalizedTarget[]): Record<string, TargetConfiguration> {
  const targets: Record<string, TargetConfiguration> = {};
  for (const { kind, name, extra } of enabled) {
    const spec = SPECS[kind](ctx);
    if (spec) targets[name] = mergeTarget(cargoTarget(spec, ctx), extra);
  }
  return targets;
}

/** Shallow merge, except `options`, `configurations` and `metadata`, merged one level deeper. */
export function mergeTarget(base: TargetConfiguration, extra: Partial<TargetConfiguration>): TargetConfiguration {
  const merged: TargetConfiguration = { ...base, ...extra };
  for (const key of ['options', 'configurations', 'metadata'] as const) {
    if (base[key] && extra[key]) merged[key] = { ...base[key], ...extra[key] };
  }
  return merged;
}
