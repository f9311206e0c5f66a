import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OutputAttribution, type AttributedCrate } from './attribution';
import type { CargoCommand } from './options';

// Real cargo output (stdout and stderr in order) of a workspace at /WS with crates a (fine),
// b (does not compile), c (depends on b), d (a failing test) and e (not formatted).
const stripAnsi = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, '');
const fixture = (name: string) => readFileSync(join(__dirname, '__fixtures__', name), 'utf8').split('\n');
const crate = (name: string): AttributedCrate => ({ name, manifestPath: `/WS/${name}/Cargo.toml` });
const [a, b, c, d, e] = ['a', 'b', 'c', 'd', 'e'].map(crate);

function attribute(command: CargoCommand, crates: AttributedCrate[], ...files: string[]) {
  const attribution = new OutputAttribution(crates, command, '/WS');
  for (const file of files) for (const line of fixture(file)) attribution.line(line);
  return attribution;
}

describe('OutputAttribution', () => {
  it('credits a compile error to the crate that has it, and knows who was compiled', () => {
    const out = attribute('build', [a, b, c, d], 'build.txt');
    expect(out.hasErrors(b)).toBe(true);
    expect(out.linesOf(b).join('\n')).toMatch(/mismatched types[\s\S]*b\/src\/lib\.rs:2:5/);
    expect([a, c, d].map((x) => out.hasErrors(x))).toEqual([false, false, false]);
    expect([a, b, c, d].map((x) => out.wasBuilt(x))).toEqual([true, false, false, true]);
    expect(out.linesOf(a).join('\n')).not.toMatch(/mismatched/);
  });

  it('gives each crate the output of its own test binaries and doc-tests, and spots failed targets', () => {
    const out = attribute('test', [a, d], 'test-run.txt');
    expect(out.linesOf(a).join('\n')).toMatch(/test tests::adds \.\.\. ok[\s\S]*Doc-tests a/);
    expect(out.linesOf(a).join('\n')).not.toMatch(/fails/);
    expect(out.linesOf(d).join('\n')).toMatch(/test tests::fails \.\.\. FAILED[\s\S]*d is not 2/);
    expect(out.testsFailed(d)).toBe(true);
    expect(out.testsFailed(a)).toBe(false);
  });

  it('reads the compile phase of tests: errors, and which test binaries were built', () => {
    const out = attribute('test', [a, b, c, d], 'test-compile.txt');
    expect(out.hasErrors(b)).toBe(true);
    expect(out.erroredManifests).toEqual(new Set(['/WS/b/Cargo.toml']));
    expect(out.wasBuilt(a)).toBe(true);
  });

  it("credits a failed build script to its crate, with what the script printed, and to no other crate", () => {
    // Real output: slow's build script panics; quick is unrelated; app depends on slow.
    const [slow, quick, app] = ['slow', 'quick', 'app'].map(crate);
    const out = attribute('build', [slow, quick, app], 'build-script.txt');
    out.line('warning: build failed, waiting for other jobs to finish...');
    out.line('   Compiling other v0.1.0 (/WS/other)');
    expect(out.erroredManifests).toEqual(new Set(['/WS/slow/Cargo.toml']));
    expect([slow, quick, app].map((x) => out.hasErrors(x))).toEqual([true, false, false]);
    const slowOutput = out.linesOf(slow).join('\n');
    expect(slowOutput).toMatch(/failed to run custom build command for `slow v0\.1\.0 \(\/WS\/slow\)`[\s\S]*--- stderr[\s\S]*slow cannot be configured here/);
    // The report ends where cargo goes on with something else.
    expect(slowOutput).not.toMatch(/waiting for other jobs|Compiling other/);
    expect(out.shared.join('\n')).toMatch(/waiting for other jobs[\s\S]*Compiling other/);
    expect(out.linesOf(quick).join('\n')).not.toMatch(/slow cannot be configured/);
    expect(out.wasBuilt(quick)).toBe(true);
    expect(out.interruptedBy).toBeUndefined();
  });

  it("keeps a registry package's failed build script among the shared lines, with no crate to blame", () => {
    const out = new OutputAttribution([a, b], 'build', '/WS');
    for (const line of ['error: failed to run custom build command for `cc-sys v1.0.0`', '', 'Caused by:', '  --- stderr', '  no compiler found'])
      out.line(line);
    expect(out.erroredManifests.size).toBe(0);
    expect(out.shared.join('\n')).toMatch(/cc-sys[\s\S]*no compiler found/);
    expect(out.linesOf(a)).toEqual([]);
  });

  it('credits a formatting diff to the crate whose file it is', () => {
    const out = attribute('fmt', [a, e], 'fmt.txt');
    expect(out.hasDiff(e)).toBe(true);
    expect(out.hasDiff(a)).toBe(false);
    expect(out.linesOf(e).join('\n')).toMatch(/Diff in \/WS\/e\/src\/lib\.rs/);
  });

  it("credits a file rustfmt cannot parse to its crate, whose other crates' results stand", () => {
    // Real output of `cargo fmt -p a -p b -p e -- --check`: b has an unclosed delimiter, e a diff, a neither.
    const out = attribute('fmt', [a, b, e], 'fmt-parse-error.txt');
    expect([a, b, e].map((x) => out.hasErrors(x))).toEqual([false, true, false]);
    expect([a, b, e].map((x) => out.hasDiff(x))).toEqual([false, false, true]);
    expect(stripAnsi(out.linesOf(b).join('\n'))).toMatch(/^error: this file contains an unclosed delimiter\n\s+--> \/WS\/b\/src\/lib\.rs:15:18[\s\S]*unclosed delimiter/);
    expect(out.linesOf(b).join('\n')).not.toMatch(/Diff in/);
    expect(stripAnsi(out.linesOf(e).join('\n'))).not.toMatch(/unclosed/);
    expect(out.shared.join('\n')).not.toMatch(/unclosed/);
  });

  it("credits rustfmt's missing module file to its crate, and leaves cargo's own errors shared", () => {
    const out = new OutputAttribution([a, b], 'fmt', '/WS');
    out.line('Error writing files: failed to resolve mod `missing`: /WS/b/src/missing.rs does not exist');
    out.line('error: package ID specification `zz` did not match any packages');
    expect([a, b].map((x) => out.hasErrors(x))).toEqual([false, true]);
    expect(out.linesOf(b)).toEqual(['Error writing files: failed to resolve mod `missing`: /WS/b/src/missing.rs does not exist']);
    expect(out.shared).toEqual(['error: package ID specification `zz` did not match any packages']);
  });

  it('keeps what cargo said of a crate that is no task here, and its first error', () => {
    // b does not compile; only a, c and d are tasks.
    const out = attribute('build', [a, c, d], 'build.txt');
    expect(out.erroredManifests).toEqual(new Set(['/WS/b/Cargo.toml']));
    expect(out.linesOfOther('/WS/b/Cargo.toml').join('\n')).toMatch(/^error\[E0308\]: mismatched types\n --> b\/src\/lib\.rs:2:5[\s\S]*rustc --explain E0308/);
    expect(out.shared.join('\n')).not.toMatch(/mismatched/);
    expect(out.firstErrorOf('/WS/b/Cargo.toml')).toEqual(['error[E0308]: mismatched types', ' --> b/src/lib.rs:2:5']);
    // The same, when b is a task: its lines are its own, its first error known.
    const withB = attribute('build', [a, b, c, d], 'build.txt');
    expect(withB.linesOfOther('/WS/b/Cargo.toml')).toEqual([]);
    expect(withB.firstErrorOf('/WS/b/Cargo.toml')).toEqual(['error[E0308]: mismatched types', ' --> b/src/lib.rs:2:5']);
  });

  it('gives a lone crate everything cargo printed (a program run by `run`)', () => {
    const out = new OutputAttribution([a], 'run', '/WS');
    out.line('hello from the program');
    expect(out.linesOf(a)).toEqual(['hello from the program']);
  });

  it('knows when a process cargo ran was killed by a stop signal, and only then', () => {
    const stopped = new OutputAttribution([b], 'build', '/WS');
    for (const line of [
      'error: failed to run custom build command for `b v0.1.0 (/WS/b)`',
      '',
      'Caused by:',
      "  process didn't exit successfully: `/WS/target/debug/build/b-1/build-script-build` (signal: 15, SIGTERM: termination signal)",
    ])
      stopped.line(line);
    expect(stopped.interruptedBy).toBe('SIGTERM');
    expect(stopped.linesOf(b).join('\n')).toMatch(/SIGTERM/);
    expect(attribute('build', [a, b, c, d], 'build.txt').interruptedBy).toBeUndefined();
    const crashed = new OutputAttribution([b], 'test', '/WS');
    crashed.line("  process didn't exit successfully: `/WS/target/debug/deps/b-1` (signal: 11, SIGSEGV: invalid memory reference)");
    expect(crashed.interruptedBy).toBeUndefined();
  });

  it('dates each crate: its last artifact, and the first and last lines of its test binaries', () => {
    jest.useFakeTimers();
    try {
      const out = new OutputAttribution([a, d], 'test', '/WS');
      let now = 1_000;
      const feed = (lines: string[]) => {
        for (const line of lines) {
          jest.setSystemTime((now += 10));
          out.line(line);
        }
      };
      feed(fixture('test-compile.txt'));
      const compiledA = out.compiledAt(a)!;
      expect(compiledA).toBeGreaterThan(1_000);
      feed(fixture('test-run.txt'));
      const ranA = out.sectionsOf(a);
      const ranD = out.sectionsOf(d);
      // Each crate's sections are its own, after its compilation, and no two overlap.
      expect(ranA.length).toBeGreaterThan(0);
      expect(ranD.length).toBeGreaterThan(0);
      expect(ranA[0].start).toBeGreaterThan(compiledA);
      const all = [...ranA, ...ranD].sort((x, y) => x.start - y.start);
      for (const [i, s] of all.entries()) {
        expect(s.end).toBeGreaterThanOrEqual(s.start);
        if (i > 0) expect(s.start).toBeGreaterThanOrEqual(all[i - 1].end);
      }
    } finally {
      jest.useRealTimers();
    }
  });
});
