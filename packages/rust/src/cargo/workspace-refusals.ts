import { manifestIn } from './paths';
import type { TomlPath, TomlPosition } from './toml-positions';
import type { Crate, InvalidCrate, Problem, Workspace } from './types';

export interface RefusalFacts {
  crateAt: ReadonlyMap<string, Crate>;
  invalidAt: ReadonlyMap<string, InvalidCrate>;
  /** Found while listing the members: see `resolveMembers` (problems, unloadable folders read). */
  listed?: { problems: Problem[]; invalid: string[] };
  locate: (file: string, path: TomlPath) => TomlPosition | undefined;
}

/**
 * Why cargo refuses to load a whole workspace, and so every crate of it, for any command: a
 * member (or a member's path dependency) whose manifest it cannot load, a `members` entry that
 * names nothing, two members with one package name, … `error` is the first such problem (cargo
 * stops at one); `more` are problems found here, not reported before.
 */
export function refusalsOf(ws: Workspace, facts: RefusalFacts): { error?: Problem; more: Problem[] } {
  const unloadable = [...ws.members, ...(facts.listed?.invalid ?? [])].flatMap((dir) => facts.invalidAt.get(dir)?.problem ?? []);
  const duplicates = duplicateNames(ws, facts);
  const error = [...unloadable, ...(facts.listed?.problems ?? []), ...duplicates][0];
  return { ...(error ? { error } : {}), more: duplicates };
}

/** cargo's "two packages named `x` in this workspace", at the second one's `package.name`. */
function duplicateNames(ws: Workspace, facts: RefusalFacts): Problem[] {
  const first = new Map<string, Crate>();
  const problems: Problem[] = [];
  for (const dir of ws.members) {
    const crate = facts.crateAt.get(dir);
    if (!crate) continue;
    const earlier = first.get(crate.name);
    if (!earlier) {
      first.set(crate.name, crate);
      continue;
    }
    problems.push({
      severity: 'error',
      file: crate.manifestPath,
      ...facts.locate(crate.manifestPath, ['package', 'name']),
      message: `two packages named \`${crate.name}\` in this workspace: ${manifestIn(earlier.root)} and ${manifestIn(crate.root)}`,
    });
  }
  return problems;
}
