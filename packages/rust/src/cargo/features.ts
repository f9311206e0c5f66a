import type { Dependency } from './types';

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
