import type { TargetSpec } from './spec';

export const build: TargetSpec = {
  kind: 'build',
  subcommand: 'build',
  description: 'Compile the crate',
  args: () => [],
  cache: true,
  profiles: true,
};
