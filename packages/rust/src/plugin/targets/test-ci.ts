import type { TargetConfiguration } from '@nx/devkit';
import { namedUnit, type TestUnit } from '../../cargo';
import { copyJson } from '../copy-json';
import { DEPENDENCIES, kindInputsName, TEST_UNIT_INPUTS } from '../inputs';

/** The separator of an atomized target's name from its CI target's, as @nx/jest and @nx/gradle write it. */
const SEPARATOR = '--';

/**
 * The atomized target name of each unit: `<ci>--lib`, `<ci>--doc`, `<ci>--examples`,
 * `<ci>--<test>` for an integration test, `<ci>--bin-<name>` and `<ci>--bench-<name>`. An
 * integration test whose name another unit already has (`tests/doc.rs`, `tests/bin-cli.rs`) takes
 * `test-` in front, as often as needed: the names never collide, and stay the same as long as
 * the crate's targets do.
 */
export function atomizedNames(ci: string, units: readonly TestUnit[]): Map<TestUnit, string> {
  const taken = new Set<string>();
  const suffix = new Map<TestUnit, string>();
  const isTest = (unit: TestUnit) => namedUnit(unit)?.kind === 'test';
  for (const unit of units.filter((u) => !isTest(u))) {
    const named = namedUnit(unit);
    const s = named ? `${named.kind}-${named.name}` : unit;
    suffix.set(unit, s);
    taken.add(s);
  }
  for (const unit of units.filter(isTest)) {
    let s = namedUnit(unit)!.name;
    while (taken.has(s)) s = `test-${s}`;
    suffix.set(unit, s);
    taken.add(s);
  }
  return new Map(units.map((u) => [u, `${ci}${SEPARATOR}${suffix.get(u)}`]));
}

/** What each unit runs, for its target's description. */
function describe(unit: TestUnit): string {
  const named = namedUnit(unit);
  if (named) return named.kind === 'test' ? `Run the integration test ${named.name}` : `Run the tests of ${named.kind === 'bin' ? 'binary' : 'bench'} ${named.name}`;
  if (unit === 'lib') return 'Run the unit tests of the library';
  return unit === 'doc' ? 'Run the doc tests' : 'Compile the examples (and run their tests)';
}

/**
 * Units that compile only the crate's library and binaries (and its doc comments): they hash what
 * the crate's `test` does without the Rust files of tests/, benches/ and examples/ (see
 * `TEST_UNIT_INPUTS`); an integration test, bench or example may `mod` any of those, so they hash
 * all of `test`'s inputs.
 */
const compilesCrateOnly = (unit: TestUnit) => unit === 'lib' || unit === 'doc' || unit.startsWith('bin:');

/** The metadata of `<ci>`, the same for every crate. */
function testCiMetadata(ci: string, testName: string): Record<string, unknown> {
  return { description: `Run ${testName} split into one task per test binary, for Nx Agents`, nonAtomizedTarget: testName };
}

/**
 * Which metadata nx.json's `targetDefaults` filtered to this plugin hold (an earlier init wrote
 * them: `<ci>` by name, the atomized ones by the glob `<ci>--*`): the project leaves it out.
 */
export interface TestCiInNxJson {
  ci: boolean;
  atomized: boolean;
}

/**
 * The atomized targets of one crate, for Nx Agents to spread over machines (the convention of
 * @nx/jest's `ciTargetName` and @nx/gradle's `ciTestTargetName`): one `test` target per unit,
 * each cached on its own, and `<ci>`, which runs nothing itself (`nx:noop`) and depends on them
 * all. `test`: the crate's final test target, which each copies (features, env and profile
 * included, so each passes and fails as its part of `test` does).
 */
export function testCiTargets(
  ci: string,
  testName: string,
  test: TargetConfiguration,
  units: readonly TestUnit[],
  inNxJson: TestCiInNxJson = { ci: false, atomized: false },
): Record<string, TargetConfiguration> {
  const names = atomizedNames(ci, units);
  const targets: Record<string, TargetConfiguration> = {};
  for (const unit of units) {
    const { metadata: _metadata, ...rest } = copyJson(test);
    const atomized: TargetConfiguration = { ...rest, options: { ...rest.options, testTarget: unit } };
    if (!inNxJson.atomized) atomized.metadata = { description: describe(unit) };
    const named = compilesCrateOnly(unit) ? TEST_UNIT_INPUTS : kindInputsName('test');
    // Without inputs of its own, test takes nx.json's targetDefaults for it, which name no atomized target.
    atomized.inputs = Array.isArray(atomized.inputs) ? atomized.inputs.map((i) => (i === kindInputsName('test') ? named : i)) : [named, ...DEPENDENCIES];
    targets[names.get(unit)!] = atomized;
  }
  // One glob for them all (Nx expands it to the project's targets it matches): fewer bytes per crate.
  targets[ci] = { executor: 'nx:noop', dependsOn: [{ target: `${ci}${SEPARATOR}*`, params: 'forward' }] };
  if (!inNxJson.ci) targets[ci].metadata = testCiMetadata(ci, testName);
  return targets;
}

/** The project's target group of `<ci>` and its atomized targets (`metadata.targetGroups`). */
export function testCiGroup(ci: string, targets: Record<string, TargetConfiguration>): Record<string, string[]> | undefined {
  if (!targets[ci]) return undefined;
  return { [ci]: [ci, ...Object.keys(targets).filter((t) => t.startsWith(`${ci}${SEPARATOR}`))] };
}
