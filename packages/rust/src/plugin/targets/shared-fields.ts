import type { TargetConfiguration } from '@nx/devkit';
import { kindInputsName, TEST_UNIT_INPUTS, type Input } from '../inputs';
import { LOCK_GATE_INPUT, lockGateDependsOn, lockGateInputs } from '../lock-gate';
import type { TargetKind } from '../options';
import { TARGET_SPECS } from './index';
import type { TargetSpec } from './spec';
import { testUnitNamedInputs } from './test';

export type SharedFields = Pick<TargetConfiguration, 'cache' | 'inputs' | 'dependsOn' | 'metadata'>;

/** What the lock gate adds to the shared inputs of a kind: the named input holding it (see `LOCK_GATE_INPUT`). */
const gateOf = (spec: TargetSpec): Input[] => (spec.lockGate ? [LOCK_GATE_INPUT] : []);

/** Inputs of a target kind that are the same for every crate (none for those naming the build closure). */
export function sharedTargetInputs(kind: TargetKind): Input[] | undefined {
  const spec = TARGET_SPECS[kind];
  return spec.inputs?.scope === 'shared' ? [kindInputsName(kind), ...spec.inputs.deps] : undefined;
}

/** Whether targets of the kind carry inputs (see `TargetSpec.inputs`): cached ones. */
const hashes = (spec: TargetSpec) => spec.cache && spec.inputs !== undefined;

/**
 * The named inputs the targets of these kinds name (see `TargetSpec.inputs`), with the lock
 * gate's (`readsLockGate`: see `NxBehaviour.readsLockGateOutputs`) when one of them is gated,
 * and with `test`, those of its atomized targets (`testCi`, see test-ci.ts).
 */
export function targetNamedInputs(kinds: readonly TargetKind[], readsLockGate: boolean, testCi = true): Record<string, Input[]> {
  const named: Record<string, Input[]> = {};
  for (const kind of kinds) {
    const spec = TARGET_SPECS[kind];
    if (!hashes(spec)) continue;
    named[kindInputsName(kind)] = spec.inputs!.named(gateOf(spec));
    if (kind === 'test' && testCi) named[TEST_UNIT_INPUTS] = testUnitNamedInputs(gateOf(spec));
    if (spec.lockGate) named[LOCK_GATE_INPUT] = lockGateInputs(readsLockGate);
  }
  return named;
}

/**
 * Those of `targetNamedInputs` each project must define: what nx.json does not, and the lock
 * gate's below Nx 24 (nx.json holds Nx 24's value, see `LOCK_GATE_INPUT`). The same for every crate.
 */
export function projectTargetNamedInputs(kinds: readonly TargetKind[], inNxJson: ReadonlySet<string>, readsLockGate: boolean, testCi = true): Record<string, Input[]> {
  const named = targetNamedInputs(kinds, readsLockGate, testCi);
  for (const name of Object.keys(named)) {
    if (inNxJson.has(name) && (name !== LOCK_GATE_INPUT || readsLockGate)) delete named[name];
  }
  return named;
}

/** The part of a target that is the same for every crate. */
export function sharedTargetFields(spec: TargetSpec): SharedFields {
  const inputs = spec.cache ? sharedTargetInputs(spec.kind) : undefined;
  return {
    cache: spec.cache,
    ...(inputs ? { inputs } : {}),
    ...lockGateDependsOn(spec.lockGate),
    metadata: { description: spec.description, help: { command: `cargo ${spec.subcommand} --help`, example: {} } },
  };
}
