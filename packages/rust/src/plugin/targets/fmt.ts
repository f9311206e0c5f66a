import type { TargetSpec } from './spec';

export const fmt: TargetSpec = {
  kind: 'fmt',
  subcommand: 'fmt',
  description: 'Check formatting with rustfmt',
  args: () => ['--check'],
  cache: true,
  profiles: false,
};
