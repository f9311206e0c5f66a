import type { CargoModel } from '../cargo';

/**
 * Nx project names by crate folder. The name is the package name (so `nx build chaos_engine`
 * works) or `[package.metadata.nx] name`. Nx needs unique names, cargo only per workspace: when
 * crates of different workspaces share a name, the crate of the shallowest workspace keeps it and
 * the others become `<name>@<crate folder>`, e.g. `parser@fuzz/parser`. Two crates of one
 * workspace sharing a name are named the same way, but cargo refuses that workspace
 * (`Workspace.error`), so their targets only say so.
 */
export function assignProjectNames(model: Pick<CargoModel, 'crates' | 'invalid'>): Map<string, string> {
  let names = assigned.get(model);
  if (!names) {
    names = assign(model);
    assigned.set(model, names);
  }
  return names;
}

/** createNodes and createDependencies both name the same model's crates. */
const assigned = new WeakMap<object, Map<string, string>>();

function assign(model: Pick<CargoModel, 'crates' | 'invalid'>): Map<string, string> {
  const candidates = [
    ...model.crates.map((c) => ({ root: c.root, name: c.nx.name ?? c.name, rank: depth(c.workspaceRoot), valid: 0 })),
    ...model.invalid.map((c) => ({ root: c.root, name: c.name ?? (c.root || 'root'), rank: depth(c.root), valid: 1 })),
  ].sort((a, b) => a.valid - b.valid || a.rank - b.rank || compare(a.root, b.root));
  const names = new Map<string, string>();
  const taken = new Set<string>();
  for (const c of candidates) {
    const name = taken.has(c.name) ? `${c.name}@${c.root || '.'}` : c.name;
    taken.add(name);
    names.set(c.root, name);
  }
  return names;
}

function depth(dir: string): number {
  return dir === '' ? 0 : dir.split('/').length;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
