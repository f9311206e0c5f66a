import type { CargoModel, Workspace } from './types';

/**
 * The Cargo workspace of each crate, by crate folder: the one whose root is the crate's
 * `workspaceRoot` (a standalone crate is a workspace of its own), which lists it among `members`.
 */
export function crateWorkspaces(model: Pick<CargoModel, 'crates' | 'workspaces'>): Map<string, Workspace> {
  const at = new Map(model.workspaces.map((ws) => [ws.root, ws]));
  return new Map(model.crates.flatMap((c) => (at.has(c.workspaceRoot) ? [[c.root, at.get(c.workspaceRoot)!] as const] : [])));
}
