import { asString, asTable } from './toml';
import type { TomlTable } from './toml';

/**
 * The feature resolver cargo uses for a workspace, from its root manifest: `workspace.resolver`,
 * else the root package's `resolver`, else the root package's edition (2021: "2", 2024: "3",
 * older: "1"); a virtual workspace that names none gets "1". Under "1", the features that
 * dev-dependencies ask for reach normal builds too.
 */
export function featureResolver(root: TomlTable): '1' | '2' | '3' {
  const workspace = asTable(root.workspace);
  const pkg = asTable(root.package);
  const named = asString(workspace.resolver) ?? asString(pkg.resolver);
  if (named === '1' || named === '2' || named === '3') return named;
  const editionField = pkg.edition;
  const edition = isInherited(editionField) ? asString(asTable(workspace.package).edition) : asString(editionField);
  if (root.package === undefined || edition === undefined) return '1';
  return edition >= '2024' ? '3' : edition >= '2021' ? '2' : '1';
}

const isInherited = (field: unknown) => asTable(field).workspace === true;
