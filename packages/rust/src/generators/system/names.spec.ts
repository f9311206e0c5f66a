import { crateNameProblem, defaultCliName, libName, titleOf } from './names';

describe('crateNameProblem', () => {
  it('accepts the names cargo accepts, in lower case', () => {
    for (const name of ['chaos_engine', 'shared-core', 'a', '_private', 'x86_64_tools', 'v2']) {
      expect(crateNameProblem(name)).toBeUndefined();
    }
  });

  it.each([
    ['', /required/],
    ['1abc', /cannot start with a digit/],
    ['-abc', /cannot start with "-"/],
    ['_', /at least one letter or digit/],
    ['has space', /only ASCII letters, digits/],
    ['dot.ted', /only ASCII letters, digits/],
    ['naïve', /only ASCII letters, digits/],
    ['a/b', /not a path/],
    ['a\\b', /not a path/],
    ['..', /not a path/],
    ['async', /Rust keyword/],
    ['await', /Rust keyword/],
    ['dyn', /Rust keyword/],
    ['try', /Rust keyword/],
    ['gen', /Rust keyword/],
    ['self', /Rust keyword/],
    ['Self', /Rust keyword/],
    ['super', /Rust keyword/],
    ['crate', /Rust keyword/],
    ['std', /ships with Rust/],
    ['core', /ships with Rust/],
    ['alloc', /ships with Rust/],
    ['proc_macro', /ships with Rust/],
    ['proc-macro', /ships with Rust/],
    ['test', /ships with Rust/],
    ['deps', /build output/],
    ['con', /reserved file name on Windows/],
    ['NUL', /reserved file name on Windows/],
    ['aux', /reserved file name on Windows/],
    ['lpt1', /reserved file name on Windows/],
    ['ChaosEngine', /use lower case .*"chaosengine"/],
  ])('refuses %j', (name, message) => {
    expect(crateNameProblem(name)).toMatch(message);
  });

  it('names the option in its message', () => {
    expect(crateNameProblem('a b', 'cliName')).toBe('Invalid cliName "a b": only ASCII letters, digits, "_" and "-" are allowed (no spaces or other characters).');
    expect(crateNameProblem(42)).toMatch(/The name is required/);
  });
});

describe('derived names', () => {
  it('makes default CLI names from the first `_`-separated word', () => {
    expect(defaultCliName('chaos_engine')).toBe('chaos-cli');
    expect(defaultCliName('contract_executable_compiler')).toBe('contract-cli');
    expect(defaultCliName('ledger')).toBe('ledger-cli');
    expect(defaultCliName('_private_thing')).toBe('private-cli');
    expect(defaultCliName('kebab-name')).toBe('kebab-name-cli');
  });

  it('makes the identifier and the title', () => {
    expect(libName('shared-core')).toBe('shared_core');
    expect(titleOf('chaos_engine')).toBe('Chaos Engine');
    expect(titleOf('data-pipe_v2')).toBe('Data Pipe V2');
  });
});
