import { scanSourceReads } from './includes';

const scan = (text: string, path = 'crates/a/src/lib.rs') => scanSourceReads('crates/a', [{ path, text }]);

describe('scanSourceReads', () => {
  it('finds nothing in plain code', () => {
    expect(scan('pub fn f() -> u8 { 1 }\n')).toEqual({ markdown: false, outside: [], env: [] });
  });

  it('sees Markdown included as docs or as data', () => {
    expect(scan('#![doc = include_str!("../README.md")]\n').markdown).toBe(true);
    expect(scan('const HELP: &[u8] = include_bytes!( r#"../docs/help.markdown"# );\n').markdown).toBe(true);
  });

  it('counts an include whose path is not a plain literal as reading anything', () => {
    expect(scan('const T: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/x.txt"));\n').markdown).toBe(true);
  });

  it('counts a string naming a Markdown file (a proc-macro attribute) as reading Markdown', () => {
    expect(scan('#[template(path = "page.md")]\nstruct Page;\n').markdown).toBe(true);
  });

  it('lists included files outside the crate, relative to the workspace; not those inside it or above the workspace', () => {
    const reads = scan(
      ['include!("gen.rs");', 'include_str!("../data/words.txt");', 'include_str!("../../../shared/schema.json");', 'include_bytes!("/etc/hosts");', 'include_str!("../../../../../up.txt");'].join('\n'),
    );
    expect(reads).toEqual({ markdown: false, outside: ['shared/schema.json'], env: [] });
  });

  it('reads what a build script tells cargo to watch: files outside the crate, relative to its root, and variables', () => {
    const build = [
      'fn main() {',
      '    println!("cargo:rerun-if-changed=../../proto/api.proto");',
      '    println!("cargo::rerun-if-changed=src/schema.json");',
      '    println!("cargo:rerun-if-changed={}", dynamic());',
      '    println!("cargo:rerun-if-env-changed=GREETING");',
      '}',
    ].join('\n');
    expect(scan(build, 'crates/a/build.rs')).toEqual({ markdown: false, outside: ['proto/api.proto'], env: ['GREETING'] });
  });
});
