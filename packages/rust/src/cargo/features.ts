import type { CargoModel, Crate, Dependency } from './types';

/**
 * A package's features as cargo reports them: those of `[features]`, plus the implicit feature
 * each optional dependency gets (`name = ["dep:name"]`, named by its key in the manifest) unless
 * a feature of that name exists or some feature names it with the `dep:` syntax, which hides it.
 */
export function withImplicitFeatures(features: Record<string, string[]>, dependencies: Dependency[]): Record<string, string[]> {
  let explicit: Set<string> | undefined;
  let out = features;
  for (const dep of dependencies) {
    if (!dep.optional || Object.hasOwn(out, dep.name)) continue;
    explicit ??= new Set(
      Object.values(features)
        .flat()
        .filter((v) => v.startsWith('dep:'))
        .map((v) => v.slice(4)),
    );
    if (explicit.has(dep.name)) continue;
    if (out === features) out = { ...features };
    out[dep.name] = [`dep:${dep.name}`];
  }
  return out;
}

/**
 * Crates whose build no other package of a cargo call can change: they declare no features nor
 * optional dependencies, and depend only on crates of the model, by path. A cargo call over such
 * crates alone resolves no feature at all, so cargo's feature unification has nothing to unify.
 * Registry and git packages, and path crates the model does not hold, may have features: a crate
 * depending on one is not feature-free.
 */
export function featureFreeCrates(model: CargoModel): Set<string> {
  const roots = new Set(model.crates.map((c) => c.root));
  const free = (crate: Crate) =>
    Object.keys(crate.features).length === 0 && crate.dependencies.every((d) => !d.optional && d.path !== undefined && roots.has(d.path));
  return new Set(model.crates.filter(free).map((c) => c.root));
}
