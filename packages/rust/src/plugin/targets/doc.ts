import type { Crate, Workspace } from '../../cargo';
import type { CargoTargetSpec } from './cargo-target';

/** Libraries only; caches the crate's own folder of the generated docs. */
export function doc(crate: Crate, ws: Workspace): CargoTargetSpec | undefined {
  const lib = crate.targets.find((t) => t.kind === 'lib');
  if (!lib) return undefined;
  const targetDir = ws.root === '' ? 'target' : `${ws.root}/target`;
  return {
    kind: 'doc',
    subcommand: 'doc',
    description: 'Build the API documentation',
    args: ['--no-deps'],
    cache: true,
    outputs: [`{workspaceRoot}/${targetDir}/doc/${lib.name}`],
    profiles: true,
  };
}
