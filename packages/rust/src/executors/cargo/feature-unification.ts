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
 * What one selection resolves: each package (as `cargo tree` names it) and the feature lists it is
 * built with (more than one when it is built for the host and for the target with different ones).
 */
export type FeatureResolution = Map<string, Set<string>>;

/** The `cargo tree` format whose lines `parseFeatureTree` reads: package, then its features. */
export const TREE_FORMAT = '{p}|{f}';
/** `name vVERSION (source) (proc-macro)|f1,f2`, as `TREE_FORMAT` prints a package. */
const PACKAGE_LINE = /^([A-Za-z0-9_-]+ v\d[^\s|]*(?: \([^|]*\))*)\|([^|\s]*)$/;

/**
 * Reads `cargo tree -e features --prefix none -f '{p}|{f}'`: one `name vX (source)|f1,f2` line per
 * package node (repeated for every path to it, `(*)` after a repeat), and `name feature "f"` lines
 * for the feature nodes, which say nothing the package lines do not.
 */
export function parseFeatureTree(output: string): FeatureResolution {
  const resolution: FeatureResolution = new Map();
  for (const raw of output.split('\n')) {
    const m = PACKAGE_LINE.exec(raw.replace(/\s*\(\*\)\s*$/, '').trimEnd());
    // Feature nodes, blank lines and whatever cargo says on stderr (warnings) are not package lines.
    if (!m) continue;
    const pkg = m[1];
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
 * they can). A package built with two feature lists (one for the host, one for the target) counts
 * as a difference too: `cargo tree` does not say which list is which, and two crates can hold the
 * same two lists the other way round.
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
