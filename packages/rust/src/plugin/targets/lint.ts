import type { TargetSpec } from './spec';

export const lint: TargetSpec = {
  kind: 'lint',
  subcommand: 'clippy',
  description: 'Lint all targets with clippy, warnings as errors',
  args: () => ['--all-targets'],
  toolArgs: ['-D', 'warnings'],
  cache: true,
  profiles: true,
};
