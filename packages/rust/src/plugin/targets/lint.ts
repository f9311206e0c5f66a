import { CRATE_READS, CRATE_SOURCES, DEPENDENCIES, dependentInputs } from '../inputs';
import type { TargetSpec } from './spec';

/**
 * clippy.toml is looked up from the crate's folder upwards. Listing each crate's
 * ancestors would make every project's configuration different; one pattern over the workspace
 * keeps it shared, at the cost of re-running lint when such a file changes anywhere.
 */
const CLIPPY_CONFIG = ['{workspaceRoot}/**/clippy.toml', '{workspaceRoot}/**/.clippy.toml'];

export const lint: TargetSpec = {
  kind: 'lint',
  subcommand: 'clippy',
  description: 'Lint all targets with clippy, warnings as errors',
  args: () => ['--all-targets'],
  toolArgs: ['-D', 'warnings'],
  cache: true,
  inputs: { scope: 'shared', named: (gate) => dependentInputs([CRATE_SOURCES, CRATE_READS], gate, [...CLIPPY_CONFIG]), deps: DEPENDENCIES },
  lockGate: true,
  profiles: true,
};
