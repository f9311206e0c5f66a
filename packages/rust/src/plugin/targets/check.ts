import type { TargetSpec } from './spec';

export const check: TargetSpec = {
  kind: 'check',
  subcommand: 'check',
  description: 'Type-check all targets of the crate',
  args: () => ['--all-targets'],
  cache: true,
  profiles: true,
};
