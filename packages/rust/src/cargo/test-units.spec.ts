import { modelOf, pkg } from '../testing/memory-workspace';
import { testUnits, unitOfRerunHint, unitSelection } from './test-units';

const unitsOf = (manifest: string, files: string[]) => {
  const model = modelOf({ 'Cargo.toml': manifest, ...Object.fromEntries(files.map((f) => [f, ''])) });
  expect(model.problems).toEqual([]);
  return testUnits(model.crates[0]);
};

describe('testUnits: what a plain cargo test runs, one binary at a time', () => {
  it('the library, each binary and integration test, the examples (compiled), then the doc tests', () => {
    expect(unitsOf(pkg('a'), ['src/lib.rs', 'src/main.rs', 'src/bin/tool.rs', 'tests/api.rs', 'tests/cli/main.rs', 'examples/demo.rs', 'benches/speed.rs'])).toEqual([
      'lib',
      'bin:a',
      'bin:tool',
      'test:api',
      'test:cli',
      'examples',
      'doc',
    ]);
  });

  it('leaves out what cargo test leaves out: test = false, doctest = false, required-features; takes benches with test = true', () => {
    const manifest = pkg(
      'a',
      [
        '[lib]\ntest = false\ndoctest = false',
        '[[bin]]\nname = "a"\npath = "src/main.rs"\ntest = false',
        '[[test]]\nname = "slow"\nrequired-features = ["slow"]',
        '[[bench]]\nname = "speed"\ntest = true\nharness = false',
        '[features]\nslow = []',
      ].join('\n'),
    );
    expect(unitsOf(manifest, ['src/lib.rs', 'src/main.rs', 'tests/slow.rs', 'tests/fast.rs', 'benches/speed.rs'])).toEqual(['test:fast', 'bench:speed']);
  });

  it('has no doc tests for a library rustdoc cannot test (cdylib only), and for a binary', () => {
    expect(unitsOf(pkg('a', '[lib]\ncrate-type = ["cdylib"]\n'), ['src/lib.rs'])).toEqual(['lib']);
    expect(unitsOf(pkg('a', '[lib]\nproc-macro = true\n'), ['src/lib.rs'])).toEqual(['lib', 'doc']);
    expect(unitsOf(pkg('a'), ['src/main.rs'])).toEqual(['bin:a']);
  });

  it("selects one unit as cargo's flags, and reads cargo's rerun hints back", () => {
    expect(['lib', 'doc', 'examples', 'bin:a', 'test:api', 'bench:speed'].map((u) => unitSelection(u as never))).toEqual([
      ['--lib'],
      ['--doc'],
      ['--examples'],
      ['--bin', 'a'],
      ['--test', 'api'],
      ['--bench', 'speed'],
    ]);
    expect([' --lib', ' --doc', ' --bin a', ' --test api', ' --bench speed', ' --example demo', ' --features x'].map(unitOfRerunHint)).toEqual([
      'lib',
      'doc',
      'bin:a',
      'test:api',
      'bench:speed',
      'examples',
      undefined,
    ]);
  });
});
