import type { TargetConfiguration } from '@nx/devkit';
import type { Input } from '../inputs';
import { lockGateDependsOn, lockGateInputs } from '../lock-gate';
import type { TargetKind } from '../options';
import { TARGET_SPECS } from './index';
import type { TargetSpec } from './spec';

export type SharedFields = Pick<TargetConfiguration, 'cache' | 'inputs' | 'dependsOn' | 'metadata'>;

/** What the lock gate adds to the spec's inputs (`readsLockGate`: see `NxBehaviour.readsLockGateOutputs`). */
export const gateInputsOf = (spec: TargetSpec, readsLockGate: boolean): Input[] => (spec.lockGate ? lockGateInputs(readsLockGate) : []);

/** Inputs of a target kind that are the same for every crate (none for those naming the build closure). */
export function sharedTargetInputs(kind: TargetKind, readsLockGate = true): Input[] | undefined {
  const spec = TARGET_SPECS[kind];
  return spec.inputs?.scope === 'shared' ? spec.inputs.of(gateInputsOf(spec, readsLockGate)) : undefined;
}

/** The part of a target that is the same for every crate (`readsLockGate`: see `sharedTargetInputs`). */
export function sharedTargetFields(spec: TargetSpec, readsLockGate: boolean): SharedFields {
  const inputs = spec.cache ? sharedTargetInputs(spec.kind, readsLockGate) : undefined;
  return {
    cache: spec.cache,
    ...(inputs ? { inputs } : {}),
    ...lockGateDependsOn(spec.lockGate),
    metadata: { description: spec.description, help: { command: `cargo ${spec.subcommand} --help`, example: {} } },
  };
}
