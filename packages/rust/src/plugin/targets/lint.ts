import type { CargoTargetSpec } from './cargo-target';

export const lint: CargoTargetSpec = {
  kind: 'lint',
  subcommand: 'clippy',
  description: 'Lint all targets with clippy, warnings as errors',
  args: ['--all-targets'],
  trailing: ['--', '-D', 'warnings'],
  cache: true,
  profiles: true,
};
