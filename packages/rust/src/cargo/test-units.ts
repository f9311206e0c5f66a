import type { CargoTarget, Crate } from './types';

/**
 * One part of what a plain `cargo test` does for a crate, that cargo can be asked for alone:
 * - `lib`: the library's unit tests (`--lib`);
 * - `bin:<name>`: a binary's unit tests (`--bin <name>`);
 * - `test:<name>`: an integration test (`--test <name>`);
 * - `bench:<name>`: a bench with `test = true` (`--bench <name>`);
 * - `examples`: the examples, which `cargo test` compiles so that one that does not compile
 *   fails it (`--examples`: compiled as tests, and run, with their `test = true` tests);
 * - `doc`: the library's doc tests (`--doc`, which cargo takes with no other target selection).
 */
export type TestUnit = 'lib' | 'doc' | 'examples' | `${'bin' | 'test' | 'bench'}:${string}`;

/** Crate types whose library rustdoc can test (cargo's `doctestable`). */
const DOCTESTABLE = new Set(['lib', 'rlib', 'proc-macro']);

/** Whether `cargo test` runs the target by default: `test = true` for lib, bins and tests, `false` for examples and benches. */
const testedByDefault = (t: CargoTarget) => t.test ?? (t.kind === 'lib' || t.kind === 'bin' || t.kind === 'test');

/**
 * The units a plain `cargo test` of the crate runs (with its default features), in cargo's order.
 * A target with `required-features` is left out: cargo skips it unless the features are on, and
 * refuses to select it by name when they are not.
 */
export function testUnits(crate: Pick<Crate, 'targets'>): TestUnit[] {
  const units: TestUnit[] = [];
  const plain = crate.targets.filter((t) => !t.requiredFeatures?.length);
  const lib = plain.find((t) => t.kind === 'lib');
  if (lib && testedByDefault(lib)) units.push('lib');
  for (const kind of ['bin', 'test', 'bench'] as const) {
    for (const t of plain) if (t.kind === kind && testedByDefault(t)) units.push(`${kind}:${t.name}`);
  }
  if (plain.some((t) => t.kind === 'example')) units.push('examples');
  if (lib && lib.doctest !== false && (lib.crateTypes ?? ['lib']).some((c) => DOCTESTABLE.has(c))) units.push('doc');
  return units;
}

/** A unit of one named cargo target (`test:api`: kind `test`, name `api`); undefined for lib, doc and examples. */
export function namedUnit(unit: TestUnit): { kind: 'bin' | 'test' | 'bench'; name: string } | undefined {
  const colon = unit.indexOf(':');
  if (colon < 0) return undefined;
  return { kind: unit.slice(0, colon) as 'bin' | 'test' | 'bench', name: unit.slice(colon + 1) };
}

/** The cargo target selection that runs one unit alone. */
export function unitSelection(unit: TestUnit): string[] {
  const named = namedUnit(unit);
  return named ? [`--${named.kind}`, named.name] : [`--${unit}`];
}

/** What cargo's `-p <crate> …` rerun hint for a failed test target names (`--lib`, `--test x`, `--example x`, …). */
export function unitOfRerunHint(flags: string): TestUnit | undefined {
  const m = /^--(lib|doc|bin|test|bench|example)(?:\s+(\S+))?$/.exec(flags.trim());
  if (!m) return undefined;
  if (m[1] === 'lib' || m[1] === 'doc') return m[1];
  if (m[1] === 'example') return 'examples';
  return m[2] ? `${m[1] as 'bin' | 'test' | 'bench'}:${m[2]}` : undefined;
}
