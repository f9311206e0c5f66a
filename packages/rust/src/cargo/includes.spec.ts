import { scanRustFile, type ScanOptions } from './includes';

const scan = (text: string, path = 'crates/a/src/lib.rs', options: Partial<ScanOptions> = {}) =>
  scanRustFile(path, text, { crateRoot: 'crates/a', modRs: true, buildScript: false, ...options });

describe('scanRustFile', () => {
  it('finds nothing in plain code', () => {
    expect(scan('pub fn f() -> u8 { 1 }\n')).toEqual({ markdown: false, files: [], pathModules: [], beyondRoot: [], modules: [], env: [], watches: false, unresolved: [], unhashable: [] });
  });

  it('sees Markdown included as docs or as data, and a string naming Markdown (a proc-macro attribute)', () => {
    expect(scan('#![doc = include_str!("../README.md")]\n').markdown).toBe(true);
    expect(scan('const HELP: &[u8] = include_bytes!( r#"../docs/help.markdown"# );\n').markdown).toBe(true);
    expect(scan('#[template(path = "page.md")]\nstruct Page;\n').markdown).toBe(true);
  });

  it('ignores what comments say', () => {
    expect(scan('// include_str!("../../x.txt");\n/* mod gone; include!("y.rs") */\nfn f() {}\n')).toMatchObject({ files: [], modules: [] });
  });

  it('lists included files relative to the including file, normalized', () => {
    const reads = scan(['include!("gen.rs");', 'include_str!("../data/words.txt");', 'include_str!("../../../shared/schema.json");'].join('\n'));
    expect(reads.files).toEqual(['crates/a/data/words.txt', 'crates/a/src/gen.rs', 'shared/schema.json']);
  });

  it('keeps apart what it names beyond the model root, above it or by an absolute path, with the construct naming it', () => {
    const reads = scan(
      [
        'const A: &str = include_str!("/tmp/rv/outside-abs.txt");',
        'const R: &str = include_str!( "../../../../outside-rel.txt" );',
        'const M: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../up.txt"));',
        '#[path = "../../../../outside-mod.rs"]',
        'mod om;',
        '#[path = "/opt/abs/mod.rs"] mod abs;',
      ].join('\n'),
    );
    expect(reads).toMatchObject({ files: [], pathModules: [] });
    expect(reads.beyondRoot).toEqual([
      { construct: 'include_str!("/tmp/rv/outside-abs.txt")', path: '/tmp/rv/outside-abs.txt' },
      { construct: 'include_str!("../../../../outside-rel.txt")', path: '../outside-rel.txt' },
      { construct: 'include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../up.txt"))', path: '../up.txt' },
      { construct: '#[path = "../../../../outside-mod.rs"] mod om', path: '../outside-mod.rs' },
      { construct: '#[path = "/opt/abs/mod.rs"] mod abs', path: '/opt/abs/mod.rs' },
    ]);
    // An absolute path is never joined to the file's folder.
    expect(scan('include!("/a/../b/./c.rs");').beyondRoot).toEqual([{ construct: 'include!("/a/../b/./c.rs")', path: '/b/c.rs' }]);
    expect(scan('include_bytes!(concat!("/data/", name!()));').unresolved).toEqual([{ construct: 'include_bytes!(concat!("/data/", name!()))', dir: '/data' }]);
  });

  it('resolves concat!(env!("CARGO_MANIFEST_DIR"), …) against the crate folder, and counts OUT_DIR as build output', () => {
    const reads = scan(
      [
        'const A: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/a.txt"));',
        'const B: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/", "data/b.txt",));',
        'include!(concat!(env!("OUT_DIR"), "/gen.rs"));',
      ].join('\n'),
      'crates/a/src/deep/mod.rs',
    );
    expect(reads).toMatchObject({ files: ['crates/a/data/b.txt', 'shared/a.txt'], unresolved: [] });
  });

  it('reports an include whose path cannot be resolved, with the deepest folder known to hold it', () => {
    const reads = scan(
      ['include_str!(somewhere!());', 'include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets/", name!()));', 'include_bytes!(concat!("../x/", file!()));'].join('\n'),
    );
    expect(reads.unresolved).toEqual([
      { construct: 'include_str!(somewhere!())', dir: '' },
      { construct: 'include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets/", name!()))', dir: 'assets' },
      { construct: 'include_bytes!(concat!("../x/", file!()))', dir: 'crates/a/x' },
    ]);
  });

  it('resolves #[path] relative to the file, or inside inline modules to the folder they own', () => {
    const text = [
      '#[path = "../../../shared/m.rs"]',
      'pub mod m;',
      '#[cfg_attr(unix, path = "os/unix.rs")]',
      'mod os;',
      'mod outer {',
      '    fn f() { let s = "}"; let c = \'}\'; }',
      '    #[path = "x.rs"] mod inner;',
      '    mod leaf;',
      '}',
      'mod plain;',
    ].join('\n');
    expect(scan(text).pathModules).toEqual(['crates/a/src/os/unix.rs', 'crates/a/src/outer/x.rs', 'shared/m.rs']);
    expect(scan(text).modules).toEqual([
      ['crates/a/src/outer/leaf.rs', 'crates/a/src/outer/leaf/mod.rs'],
      ['crates/a/src/plain.rs', 'crates/a/src/plain/mod.rs'],
    ]);
    // A non-mod-rs file `src/b.rs` owns `src/b/`: its inline modules nest there.
    expect(scan(text, 'crates/a/src/b.rs', { modRs: false }).pathModules).toContain('crates/a/src/b/outer/x.rs');
  });

  it('reads the variables sources read at compile time, not those cargo sets from the manifest', () => {
    const reads = scan('const A: &str = env!("GREETING");\nconst B: Option<&str> = option_env!( "SUFFIX" );\nconst V: &str = env!("CARGO_PKG_VERSION");\nconst D: &str = env!("CARGO_MANIFEST_DIR");\n');
    expect(reads.env).toEqual(['GREETING', 'SUFFIX']);
    // A program's env::var reads happen when it runs, not when it compiles.
    expect(scan('fn main() { std::env::var("AT_RUN_TIME").ok(); }').env).toEqual([]);
  });

  it("reads a build script's watched files (relative to the crate), variables by literal name, and reports computed ones", () => {
    const build = [
      'fn main() {',
      '    println!("cargo:rerun-if-changed=../../proto/api.proto");',
      '    println!("cargo::rerun-if-changed=src/schema.json");',
      '    println!("cargo:rerun-if-changed={}", dynamic());',
      '    println!("cargo:rerun-if-env-changed=GREETING");',
      '    let a = std::env::var("STAMP");',
      '    let b = env::var_os("OUT_DIR");',
      '    let c = env::var(&name);',
      '}',
    ].join('\n');
    expect(scan(build, 'crates/a/build.rs', { buildScript: true })).toEqual({
      markdown: false,
      files: ['crates/a/src/schema.json', 'proto/api.proto'],
      pathModules: [],
      beyondRoot: [],
      modules: [],
      env: ['GREETING', 'STAMP'],
      watches: true,
      unresolved: [{ construct: 'cargo:rerun-if-changed={}', dir: '' }],
      unhashable: ['env::var(&name)'],
    });
  });

  it('ends a directive at the end of the line it prints, a `\\n` escape included', () => {
    const build = [
      'fn main() {',
      '    println!("cargo:rerun-if-changed=a.txt\\n");',
      '    print!("cargo:rerun-if-changed=b.txt\\ncargo:rerun-if-changed=c.txt\\r\\n");',
      '    println!("cargo:rerun-if-changed=C:\\\\data\\\\d.txt");',
      '    println!("cargo:rerun-if-changed=/etc/abs.conf");',
      '    println!("cargo:rerun-if-env-changed=GREETING\\n");',
      '}',
    ].join('\n');
    const reads = scan(build, 'crates/a/build.rs', { buildScript: true });
    expect(reads).toMatchObject({ files: ['crates/a/a.txt', 'crates/a/b.txt', 'crates/a/c.txt'], env: ['GREETING'], unhashable: [] });
    expect(reads.beyondRoot).toEqual([
      { construct: 'cargo:rerun-if-changed=C:\\data\\d.txt', path: 'C:/data/d.txt' },
      { construct: 'cargo:rerun-if-changed=/etc/abs.conf', path: '/etc/abs.conf' },
    ]);
  });
});
