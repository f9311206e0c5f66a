import { unitSelection, type TestUnit } from '../../cargo/test-units';
import type { CrateInfo } from './crate';

/** What the test tasks of a group ask of a crate: some of its test binaries, or all that `cargo test` runs. */
export type AskedUnits = Set<TestUnit> | 'all';

/** One `cargo test` call: the crates (`-p`) and the target selection, none for a plain `cargo test`. */
export interface TestCall {
  crates: CrateInfo[];
  selection: string[];
}

/**
 * The `cargo test` calls that run what a group's tasks ask of these crates, as few as cargo
 * allows: one plain `cargo test -p a -p b` when every crate is asked for all it tests (a `test`
 * task, or every one of its atomized tasks: what a cold `nx run-many -t test-ci` asks); else
 * that call for the crates asked for all, one over the others with the union of their target
 * selections (`--lib --test x …`: cargo applies it to every `-p`, and a crate without such a target
 * is no error), and one for their doc tests (`--doc`, which cargo takes with no other selection).
 */
export function testCalls(crates: readonly CrateInfo[], asked: ReadonlyMap<CrateInfo, AskedUnits>): TestCall[] {
  const unique = [...new Set(crates)];
  const whole = unique.filter((c) => asked.get(c) === 'all');
  const parts = unique.filter((c) => asked.get(c) !== 'all');
  const calls: TestCall[] = whole.length ? [{ crates: whole, selection: [] }] : [];
  const unitsOf = (c: CrateInfo) => [...(asked.get(c) as Set<TestUnit>)];
  const selected = parts.filter((c) => unitsOf(c).some((u) => u !== 'doc'));
  if (selected.length) {
    const units = new Set(selected.flatMap((c) => unitsOf(c).filter((u) => u !== 'doc')));
    calls.push({ crates: selected, selection: [...units].sort().flatMap(unitSelection) });
  }
  const doc = parts.filter((c) => unitsOf(c).includes('doc'));
  if (doc.length) calls.push({ crates: doc, selection: ['--doc'] });
  return calls;
}

/**
 * What a group's tasks ask of each crate: `units[i]` is the `testTarget` of the task of
 * `crates[i]` (none: a `test` task, all of it); `unitsOf`: every atomized unit the crate's project
 * has. Asking for each of those is asking for all.
 */
export function askedUnits(crates: readonly CrateInfo[], units: readonly (TestUnit | undefined)[], unitsOf: (crate: CrateInfo) => readonly TestUnit[]): Map<CrateInfo, AskedUnits> {
  const asked = new Map<CrateInfo, AskedUnits>();
  crates.forEach((crate, i) => {
    const before = asked.get(crate);
    const unit = units[i];
    if (before === 'all' || unit === undefined) return void asked.set(crate, 'all');
    asked.set(crate, new Set([...(before ?? []), unit]));
  });
  for (const [crate, set] of asked) {
    if (set !== 'all' && unitsOf(crate).every((u) => set.has(u))) asked.set(crate, 'all');
  }
  return asked;
}
