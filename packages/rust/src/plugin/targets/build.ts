import { artifactsFolder } from '../../dist-paths';
import { closureInputs, closureSharedInputs, CRATE_COMPILED } from '../inputs';
import type { TargetSpec } from './spec';

/**
 * `build` hashes what compiling the crate reads, and what its build closure does (see
 * `closureInputs`): a change only a dev-dependency sees must not re-run `build`.
 */
export const build: TargetSpec = {
  kind: 'build',
  subcommand: 'build',
  description: 'Compile the crate',
  args: () => [],
  cache: true,
  inputs: { scope: 'crate', named: (gate) => [CRATE_COMPILED, ...closureSharedInputs(gate)], of: ({ closure }) => closureInputs(closure.deps, closure.packages) },
  lockGate: true,
  // The final artifacts cargo reports (binaries, C libraries), copied there by the executor.
  outputs: (_crate, _ws, project) => [`{workspaceRoot}/${artifactsFolder('{options.profile}', project)}`],
  profiles: true,
};
