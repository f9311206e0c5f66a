import { configKeyEnvName, countedConfigSettings, countedEnvironment, settingCounts, transparentWrapper } from './settings';

describe('settingCounts', () => {
  it.each([
    'RUSTFLAGS',
    'RUSTDOCFLAGS',
    'RUSTC',
    'RUSTDOC',
    'RUSTC_WORKSPACE_WRAPPER',
    'RUSTC_BOOTSTRAP',
    'CARGO_ENCODED_RUSTFLAGS',
    'CARGO_BUILD_RUSTFLAGS',
    'CARGO_BUILD_TARGET',
    'CARGO_BUILD_RUSTC_WORKSPACE_WRAPPER',
    'RUSTC_WRAPPER',
    'CARGO_BUILD_RUSTC_WRAPPER',
    'CARGO_PROFILE_DEV_DEBUG_ASSERTIONS',
    'CARGO_PROFILE_RELEASE_LTO',
    'CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_LINKER',
    'CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_RUSTFLAGS',
    'CARGO_UNSTABLE_BUILD_STD',
    'CARGO_RESOLVER_INCOMPATIBLE_RUST_VERSIONS',
    'CARGO_REGISTRIES_MINE_INDEX',
    'CARGO_REGISTRY_DEFAULT',
    'MACOSX_DEPLOYMENT_TARGET',
  ])('counts %s: it can change what cargo produces', (name) => {
    expect(settingCounts(name)).toBe(true);
  });

  it.each([
    'CARGO_HOME',
    'CARGO_TARGET_DIR',
    'CARGO_BUILD_TARGET_DIR',
    'CARGO_BUILD_BUILD_DIR',
    'CARGO_BUILD_JOBS',
    'CARGO_BUILD_INCREMENTAL',
    'CARGO_INCREMENTAL',
    'CARGO_PROFILE_DEV_INCREMENTAL',
    'CARGO_BUILD_ARTIFACT_DIR',
    'CARGO_TERM_COLOR',
    'CARGO_NET_OFFLINE',
    'CARGO_HTTP_TIMEOUT',
    'CARGO_REGISTRY_TOKEN',
    'CARGO_REGISTRIES_MINE_TOKEN',
    'CARGO_REGISTRIES_MINE_CREDENTIAL_PROVIDER',
    'CARGO_ALIAS_B',
    'CARGO_LOG',
    'PATH',
    'HOME',
    // The toolchain counts as `rustc -vV` prints it; rustup sets this name for what it starts.
    'RUSTUP_TOOLCHAIN',
    'RUSTUP_TOOLCHAIN_SOURCE',
    'RUSTUP_HOME',
  ])('does not count %s: where or how fast cargo works, a secret, or nothing of cargo', (name) => {
    expect(settingCounts(name)).toBe(false);
  });
});

describe('rustc wrappers', () => {
  it.each(['sccache', '/usr/bin/sccache', '/home/ci/.cargo/bin/sccache', 'C:\\tools\\sccache.exe', 'SCCACHE.EXE'])('%s is transparent: it does not count', (value) => {
    expect(transparentWrapper(value)).toBe(true);
    for (const name of ['RUSTC_WRAPPER', 'RUSTC_WORKSPACE_WRAPPER', 'CARGO_BUILD_RUSTC_WRAPPER', 'CARGO_BUILD_RUSTC_WORKSPACE_WRAPPER']) expect(settingCounts(name, value)).toBe(false);
  });

  it.each(['./cfg-foo-wrapper', '/opt/wrap/rustc-wrapper.sh', 'sccache-dist-wrapper', '/usr/bin/sccache/wrap', 'cachepot', ''])('%j may change what rustc produces: it counts', (value) => {
    expect(transparentWrapper(value)).toBe(false);
    for (const name of ['RUSTC_WRAPPER', 'RUSTC_WORKSPACE_WRAPPER', 'CARGO_BUILD_RUSTC_WRAPPER', 'CARGO_BUILD_RUSTC_WORKSPACE_WRAPPER']) expect(settingCounts(name, value)).toBe(true);
  });

  it('the environment: sccache drops out, any other wrapper is printed as written', () => {
    expect(countedEnvironment({ RUSTC_WRAPPER: '/usr/bin/sccache', RUSTFLAGS: '-Dwarnings' })).toEqual(['RUSTFLAGS=-Dwarnings']);
    expect(countedEnvironment({ RUSTC_WRAPPER: '/opt/wrap.sh' })).toEqual(['RUSTC_WRAPPER=/opt/wrap.sh']);
    expect(countedEnvironment({ CARGO_BUILD_RUSTC_WRAPPER: 'sccache', RUSTC_WORKSPACE_WRAPPER: './lint-wrapper' })).toEqual(['RUSTC_WORKSPACE_WRAPPER=./lint-wrapper']);
  });

  it('config files: build.rustc-wrapper as the environment form', () => {
    expect(countedConfigSettings({ build: { 'rustc-wrapper': 'sccache' } })).toEqual([]);
    expect(countedConfigSettings({ build: { 'rustc-wrapper': 'tools/wrap.sh', 'rustc-workspace-wrapper': '/usr/local/bin/sccache' } })).toEqual(['build.rustc-wrapper="tools/wrap.sh"']);
  });
});

describe('countedEnvironment', () => {
  it('prints the counted variables, sorted, with their values', () => {
    const env = { RUSTFLAGS: '--cfg foo', CARGO_TERM_COLOR: 'always', CARGO_PROFILE_DEV_OPT_LEVEL: '1', RUSTC_WRAPPER: 'sccache', CARGO_REGISTRY_TOKEN: 'secret', UNSET: undefined };
    expect(countedEnvironment(env)).toEqual(['CARGO_PROFILE_DEV_OPT_LEVEL=1', 'RUSTFLAGS=--cfg foo']);
  });
});

describe('countedConfigSettings', () => {
  it('names config keys as cargo does in the environment', () => {
    expect(configKeyEnvName(['profile', 'dev', 'debug-assertions'])).toBe('CARGO_PROFILE_DEV_DEBUG_ASSERTIONS');
    expect(configKeyEnvName(['target', 'x86_64-unknown-linux-gnu', 'linker'])).toBe('CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_LINKER');
  });

  it('keeps what changes a result and drops what differs between machines building the same thing', () => {
    const doc = {
      build: { rustflags: ['--cfg', 'foo'], jobs: 4, 'target-dir': '/tmp/t', 'rustc-wrapper': 'sccache', target: 'wasm32-unknown-unknown' },
      profile: { dev: { 'opt-level': 1 } },
      target: { 'cfg(unix)': { rustflags: ['-Ctarget-cpu=native'] } },
      env: { GREETING: 'hi', ROOT: { value: 'x', relative: true } },
      source: { 'crates-io': { 'replace-with': 'vendored' }, vendored: { directory: 'vendor' } },
      registries: { mine: { index: 'sparse+https://example.com/', token: 'secret' } },
      registry: { token: 'secret', default: 'mine' },
      term: { color: 'always' },
      net: { offline: true },
      http: { timeout: 30 },
      alias: { b: 'build' },
    };
    expect(countedConfigSettings(doc)).toEqual([
      'build.rustflags=["--cfg","foo"]',
      'build.target="wasm32-unknown-unknown"',
      'env={"GREETING":"hi","ROOT":{"value":"x","relative":true}}',
      'profile.dev.opt-level=1',
      'registries.mine.index="sparse+https://example.com/"',
      'registry.default="mine"',
      'source={"crates-io":{"replace-with":"vendored"},"vendored":{"directory":"vendor"}}',
      'target.cfg(unix).rustflags=["-Ctarget-cpu=native"]',
    ]);
  });
});
