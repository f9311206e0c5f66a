/**
 * Cargo resolves features once per invocation, over every package it was given: in
 * `cargo build -p app -p other`, a dependency both use is compiled with the union of the features
 * each asks for, so `app`'s binary can differ from what `cargo build -p app` makes (and under
 * resolver "1" the dev-dependencies of every selected package join in). A batch may therefore put
 * two crates in one cargo call only when each package both of them reach is resolved the same way
 * for each alone: then the call resolves every package as each crate alone would (the union of
 * resolutions that agree wherever they meet is closed under cargo's feature rules, so it is what
 * cargo resolves for the union), and each task's result is the one it gives on its own.
 */

/**
 * What one selection resolves: each package (as `cargo tree` names it, `… [host]` for the build of
 * it that build scripts and proc-macros use, which resolver 2 resolves apart) and the feature
 * lists it is built with (one, unless `cargo tree` printed something this does not understand).
 */
export type FeatureResolution = Map<string, Set<string>>;

/** The `cargo tree` arguments of the output `parseFeatureTree` reads: package, then its features, as a plain-text tree. */
export const TREE_FORMAT = '{p}|{f}';
export const TREE_STYLE = ['--prefix', 'indent', '--charset', 'ascii'];
/** A line of the tree: its drawing (four characters a level), then a node or a section header. */
const TREE_LINE = /^((?:[|`]-- |\|   | {4})*)(.*)$/;
/** `name vVERSION (source) (proc-macro)|f1,f2`, as `TREE_FORMAT` prints a package. */
const PACKAGE_LINE = /^([A-Za-z0-9_-]+ v\d[^\s|]*(?: \([^|]*\))*)\|([^|\s]*)$/;
const HOST_MARK = ' [host]';

/**
 * Reads `cargo tree -e features --prefix indent --charset ascii -f '{p}|{f}'`: one
 * `name vX (source)|f1,f2` line per package node (repeated for every path to it, `(*)` after a
 * repeat), `name feature "f"` lines for the feature nodes, and `[build-dependencies]` or
 * `[dev-dependencies]` above a node's edges of that kind. A node below a build-dependency edge or a
 * proc-macro is built for the host: its features are told apart from the target build's.
 */
export function parseFeatureTree(output: string): FeatureResolution {
  const resolution: FeatureResolution = new Map();
  // For each level of the path to the current line: built for the host, and the kind of edges below it.
  const path: { host: boolean; buildEdges: boolean }[] = [];
  for (const raw of output.split('\n')) {
    const [, drawing, content] = TREE_LINE.exec(raw.trimEnd())!;
    const depth = drawing.length / 4;
    if (content === '' || depth > path.length) {
      // A blank line between roots, or something that is no part of the tree (cargo's warnings).
      if (content === '') path.length = 0;
      continue;
    }
    const header = /^\[(build|dev)-dependencies\]$/.exec(content);
    if (header) {
      // It heads the edges of the node at its own level.
      if (path[depth]) path[depth].buildEdges = header[1] === 'build';
      continue;
    }
    const node = content.replace(/\s*\(\*\)$/, '');
    const parent = depth > 0 ? path[depth - 1] : undefined;
    const host = (parent ? parent.host || parent.buildEdges : false) || node.includes(' (proc-macro)');
    path.length = depth;
    path.push({ host, buildEdges: false });
    const m = PACKAGE_LINE.exec(node);
    // Feature nodes say nothing the package lines do not.
    if (!m) continue;
    const pkg = host ? `${m[1]}${HOST_MARK}` : m[1];
    const features = m[2].split(',').filter(Boolean).sort().join(',');
    let lists = resolution.get(pkg);
    if (!lists) resolution.set(pkg, (lists = new Set()));
    lists.add(features);
  }
  return resolution;
}

/** True when no package of the resolution is built with any feature: nothing for a batch to change. */
export function featureless(resolution: FeatureResolution): boolean {
  for (const lists of resolution.values()) for (const list of lists) if (list !== '') return false;
  return true;
}

/**
 * Packages both reach, resolved differently: why two crates cannot share a cargo call (empty when
 * they can). A package read with two feature lists for one kind of build counts as a difference
 * too: which would be which cannot be told.
 */
export function conflicts(a: FeatureResolution, b: FeatureResolution): string[] {
  const out: string[] = [];
  for (const [pkg, lists] of a) {
    const other = b.get(pkg);
    if (other && (lists.size > 1 || other.size > 1 || !sameSet(lists, other))) out.push(pkg);
  }
  return out;
}

/**
 * Splits items into parts whose members pairwise agree (see `conflicts`), keeping their order:
 * each item joins the first part it agrees with. Items whose resolution is unknown each stay alone.
 */
export function partitionByFeatures<T>(items: T[], resolutionOf: (item: T) => FeatureResolution | undefined): T[][] {
  const parts: { items: T[]; resolutions: FeatureResolution[] }[] = [];
  for (const item of items) {
    const resolution = resolutionOf(item);
    const part = resolution && parts.find((p) => p.resolutions.length > 0 && p.resolutions.every((r) => conflicts(r, resolution).length === 0));
    if (part && resolution) {
      part.items.push(item);
      part.resolutions.push(resolution);
    } else parts.push({ items: [item], resolutions: resolution ? [resolution] : [] });
  }
  return parts.map((p) => p.items);
}

function sameSet(a: Set<string>, b: Set<string>): boolean {
  if (a.size !== b.size) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}
