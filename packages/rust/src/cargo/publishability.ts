import type { Crate, Dependency, Publishability, PublishRefusal } from './types';

/**
 * Cargo's rules (see `Publishability`) applied to `publish` as written (after inheritance), the
 * version if any, and the resolved dependencies (inherited ones carry their workspace entry's version).
 */
export function publishabilityOf(publish: unknown, version: string | undefined, dependencies: Dependency[]): Publishability {
  if (publish === false || (Array.isArray(publish) && publish.length === 0)) return { publishable: false, refusal: { kind: 'publish-false' } };
  if (version === undefined) return { publishable: false, refusal: { kind: 'no-version' } };
  for (const dep of dependencies) {
    if (dep.kind === 'dev' || dep.version !== undefined) continue;
    const source = dep.path !== undefined ? 'path' : dep.git !== undefined ? 'git' : undefined;
    if (!source) continue;
    return { publishable: false, refusal: { kind: 'unversioned-dependency', dependency: dep.package, key: dep.name, table: tableOf(dep), source, inherited: dep.inherited } };
  }
  const registries = Array.isArray(publish) ? publish.filter((r): r is string => typeof r === 'string') : undefined;
  return registries ? { publishable: true, registries } : { publishable: true };
}

function tableOf(dep: Dependency): string {
  const table = dep.kind === 'normal' ? 'dependencies' : `${dep.kind}-dependencies`;
  return dep.target ? `target.'${dep.target}'.${table}` : table;
}

/** Why the crate is not published, in a sentence that names what to change. */
export function refusalMessage(refusal: PublishRefusal): string {
  switch (refusal.kind) {
    case 'publish-false':
      return '`publish = false` (or `[]`) in Cargo.toml';
    case 'no-version':
      return 'Cargo.toml gives no `package.version`';
    case 'unversioned-dependency': {
      const r = refusal;
      const entry = r.inherited ? `\`${r.key}.workspace = true\` takes a \`${r.source}\` but no \`version\` from [workspace.dependencies]` : `has a \`${r.source}\` but no \`version\``;
      return (
        `dependency \`${r.dependency}\` in [${r.table}] ${entry}: cargo package refuses it ("all dependencies must have a version requirement ` +
        `specified when packaging"); give it \`version = "…"\` to publish this crate`
      );
    }
  }
}

/**
 * Folders of the publishable workspace crates `crate`'s package depends on (normal and build path
 * dependencies; dev-dependencies are stripped from it), in the order written: a registry must
 * have them before it takes `crate`.
 */
export function publishDependencies(crate: Crate, crateAt: ReadonlyMap<string, Crate>): string[] {
  const roots = new Set<string>();
  for (const dep of crate.dependencies) {
    if (dep.kind === 'dev' || dep.path === undefined || dep.path === crate.root) continue;
    if (crateAt.get(dep.path)?.publishability.publishable) roots.add(dep.path);
  }
  return [...roots];
}
