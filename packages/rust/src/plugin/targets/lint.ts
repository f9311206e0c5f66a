import type { CargoTargetSpec } from './cargo-target';

export const lint: CargoTargetSpec = {
  kind: 'lint',
  subcommand: 'clippy',
  description: 'Lint every target of the crate with clippy, warnings as errors (cargo clippy --all-targets -- -D warnings)',
  args: ['--all-targets'],
  trailing: ['--', '-D', 'warnings'],
  cache: true,
  profiles: true,
};
