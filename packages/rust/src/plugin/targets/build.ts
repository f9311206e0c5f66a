import { artifactsFolder } from '../../dist-paths';
import { closureInputs, CRATE_COMPILED, type Input } from '../inputs';
import { lockGateInputs } from '../lock-gate';
import type { TargetSpec } from './spec';

/**
 * Inputs of `build` for one crate: what compiling it reads, and what its build closure does (see
 * `closureInputs`): a change only a dev-dependency sees must not re-run `build`.
 */
export function closureTargetInputs(deps: string[], packages: string[], gate: Input[] = lockGateInputs(true)): Input[] {
  return [CRATE_COMPILED, ...closureInputs(deps, packages, gate)];
}

export const build: TargetSpec = {
  kind: 'build',
  subcommand: 'build',
  description: 'Compile the crate',
  args: () => [],
  cache: true,
  inputs: { scope: 'crate', of: ({ closure }, gate) => closureTargetInputs(closure.deps, closure.packages, gate) },
  lockGate: true,
  // The final artifacts cargo reports (binaries, C libraries), copied there by the executor.
  outputs: (_crate, _ws, project) => [`{workspaceRoot}/${artifactsFolder('{options.profile}', project)}`],
  profiles: true,
};
