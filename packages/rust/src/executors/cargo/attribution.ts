import { basename, isAbsolute, join } from 'node:path';
import { continuesReport, failedBuildScript, finalFiles, parseMessage, type CargoMessage } from './messages';
import type { CargoCommand } from './options';
import { childStopSignal } from '../stop';
import { withoutColours } from './colours';
import { unitOfRerunHint, type TestUnit } from '../../cargo/test-units';

/** A crate of a batch, as cargo's messages and output name it. */
export interface AttributedCrate {
  name: string;
  /** Absolute path of its Cargo.toml. */
  manifestPath: string;
}

/**
 * Splits the output of cargo invocations over many crates into each crate's share, and records
 * what cargo said of each crate. Reads cargo's JSON messages (diagnostics carry the crate's manifest),
 * the `Running …`/`Doc-tests …` headers that open each test binary's output, cargo's
 * `-p <crate>` rerun hints for failed test targets, its report of a failed build script, and
 * rustfmt's `Diff in <file>` lines.
 */
export class OutputAttribution {
  private readonly byManifest = new Map<string, AttributedCrate>();
  private readonly byName = new Map<string, AttributedCrate>();
  private readonly lines = new Map<AttributedCrate, string[]>();
  private readonly artifacts = new Map<AttributedCrate, string[]>();
  private readonly built = new Set<AttributedCrate>();
  /** Manifests (any crate, requested or not) with an error diagnostic or a failed build script. */
  readonly erroredManifests = new Set<string>();
  private readonly failedTests = new Set<AttributedCrate>();
  /** The test binaries cargo's rerun hints name as failed (`-p a --test x`), per crate. */
  private readonly failedUnits = new Map<AttributedCrate, Set<TestUnit>>();
  /** The test binaries that ran (a `Running …` or `Doc-tests …` header), per crate. */
  private readonly ranUnits = new Map<AttributedCrate, Set<TestUnit>>();
  /** Which of a crate's lines (by index) each section holds, and its test binary. */
  private readonly ranges = new Map<AttributedCrate, { unit: TestUnit | undefined; start: number; end: number }[]>();
  private readonly executables = new Map<string, { crate: AttributedCrate; unit?: TestUnit }>();
  private readonly libraries = new Map<string, AttributedCrate>();
  /**
   * The signal that killed a process cargo ran (rustc, a build script, a test binary): SIGINT,
   * SIGTERM or SIGHUP mean someone is stopping the build (Nx stopping the task tree leaf first),
   * not that the code is wrong.
   */
  interruptedBy: string | undefined = undefined;
  /** Lines no crate can be credited with (cargo's progress, a manifest error, …). */
  readonly shared: string[] = [];
  /**
   * What cargo said of the crates that are no task here (the dependencies it compiled on the
   * way), by manifest: their diagnostics and build-script reports, so that a dependent whose
   * dependency does not compile can show why.
   */
  private readonly others = new Map<string, string[]>();
  /** Each manifest's first error: its headline and where it is (`error[E0308]: …`, ` --> src/lib.rs:3:18`). */
  private readonly firstErrors = new Map<string, string[]>();
  /** An open rustfmt error (`error: …`, then ` --> file:line:col`): where its headline is, and where its lines go once its file is known. */
  private rustfmtError: { headline: number; target?: string[] } | undefined;
  private current: AttributedCrate | undefined;
  /** Where the lines of an open build-script failure report go (its crate's, or the shared lines). */
  private report: string[] | undefined;
  private readonly seenDiagnostics = new Set<string>();
  /** When cargo last reported an artifact of each crate: the end of its compilation. */
  private readonly compiled = new Map<AttributedCrate, number>();
  /**
   * When each crate's test (or bench) binaries ran: one span per section, from its `Running …` or
   * `Doc-tests …` header to the next header or cargo's end. Sections of crates interleave (all
   * unit tests, then all doc-tests), so a crate's time is the sum of its sections.
   */
  private readonly sections = new Map<AttributedCrate, { start: number; end: number; unit?: TestUnit }[]>();

  constructor(
    crates: AttributedCrate[],
    private readonly command: CargoCommand,
    private readonly workspaceRoot: string,
  ) {
    for (const crate of crates) {
      this.byManifest.set(crate.manifestPath, crate);
      this.byName.set(crate.name, crate);
      this.lines.set(crate, []);
      this.artifacts.set(crate, []);
    }
  }

  line(text: string): void {
    const message = parseMessage(text);
    if (message) return this.message(message);
    const plain = withoutColours(text);
    this.interruptedBy ??= childStopSignal(plain);
    if (this.buildScriptReport(text, plain)) return;
    if (this.command === 'fmt' && this.rustfmtErrorLine(text, plain)) return;
    // `Compiling a v0.1.0 (…)`: a progress line of one crate, whatever section is open.
    const progress = /^\s+(?:Compiling|Checking|Documenting|Fresh) (\S+) v/.exec(plain);
    const owner = progress ? this.byName.get(progress[1]) : undefined;
    if (owner) return void this.lines.get(owner)!.push(text);
    this.section(plain);
    this.rerunHints(plain);
    // With a single crate, everything cargo says is about it (a program's output under `run`).
    const target = this.current ?? (this.lines.size === 1 ? [...this.lines.keys()][0] : undefined);
    (target ? this.lines.get(target)! : this.shared).push(text);
    if (this.current) this.ranUntil(Date.now());
  }

  private message(message: CargoMessage): void {
    if (message.reason === 'compiler-artifact' && 'manifest_path' in message && 'target' in message) {
      const crate = this.byManifest.get(message.manifest_path);
      if (!crate) return;
      this.built.add(crate);
      this.compiled.set(crate, Date.now());
      this.artifacts.get(crate)!.push(...finalFiles(message));
      if (message.executable) this.executables.set(basename(message.executable), { crate, unit: unitOfArtifact(message.target, message.profile?.test === true) });
      if (message.target.kind.some((k) => k.endsWith('lib') || k === 'proc-macro')) this.libraries.set(message.target.name, crate);
    } else if (message.reason === 'compiler-message' && 'message' in message) {
      const crate = this.byManifest.get(message.manifest_path);
      const rendered = (message.message.rendered ?? message.message.message).replace(/\n$/, '');
      if (message.message.level === 'error') {
        this.erroredManifests.add(message.manifest_path);
        if (!this.firstErrors.has(message.manifest_path)) this.firstErrors.set(message.manifest_path, headline(rendered));
      }
      // A crate compiled twice (its lib, then its lib test) reports the same diagnostic twice.
      if (this.seenDiagnostics.has(rendered)) return;
      this.seenDiagnostics.add(rendered);
      (crate ? this.lines.get(crate)! : this.othersOf(message.manifest_path)).push(...rendered.split('\n'));
    }
  }

  /**
   * cargo's report of a build script that failed: an error of that crate (its dependents cannot be
   * built), and, with what the script printed, part of its output. True when the line was one.
   */
  private buildScriptReport(text: string, plain: string): boolean {
    const failed = failedBuildScript(plain);
    if (failed) {
      const crate = failed.manifestPath ? this.byManifest.get(failed.manifestPath) : undefined;
      if (failed.manifestPath) {
        this.erroredManifests.add(failed.manifestPath);
        if (!this.firstErrors.has(failed.manifestPath)) this.firstErrors.set(failed.manifestPath, [text]);
      }
      this.report = crate ? this.lines.get(crate)! : failed.manifestPath ? this.othersOf(failed.manifestPath) : this.shared;
    } else if (this.report && !continuesReport(plain)) this.report = undefined;
    this.report?.push(text);
    return this.report !== undefined;
  }

  /** The lines kept for a crate that is no task here. */
  private othersOf(manifestPath: string): string[] {
    let lines = this.others.get(manifestPath);
    if (!lines) this.others.set(manifestPath, (lines = []));
    return lines;
  }

  /**
   * rustfmt's report of a file it cannot parse (`error: expected …` and ` --> <file>:13:18`), or
   * of a module file it cannot find (`Error writing files: failed to resolve mod …: <file> does
   * not exist`): an error of the crate whose folder holds the file, which rustfmt could not
   * check; it goes on with the other files. True when the line was part of one.
   */
  private rustfmtErrorLine(text: string, plain: string): boolean {
    const writing = /^Error writing files: .*?((?:\/|[A-Za-z]:\\)\S+\.rs)\b/.exec(plain);
    if (writing) {
      this.rustfmtError = undefined;
      this.fmtErrorOf(writing[1]).push(text);
      return true;
    }
    if (/^error(?:\[\w+\])?: /.test(plain)) {
      // Shared until the next line names its file: cargo's own errors (a manifest it cannot read) name none.
      this.shared.push(text);
      this.rustfmtError = { headline: this.shared.length - 1 };
      return true;
    }
    const open = this.rustfmtError;
    if (!open) return false;
    if (!open.target) {
      const at = /^\s*--> (.+?):\d+:\d+\s*$/.exec(plain);
      if (!at) {
        this.rustfmtError = undefined;
        return false;
      }
      open.target = this.fmtErrorOf(at[1]);
      open.target.push(...this.shared.splice(open.headline, 1));
    } else if (plain.startsWith('Diff in ')) {
      this.rustfmtError = undefined;
      return false;
    }
    open.target.push(text);
    return true;
  }

  /** Where a rustfmt error about `file` goes: its crate's lines (now in error), or the shared ones. */
  private fmtErrorOf(file: string): string[] {
    const crate = this.owner(file);
    if (!crate) return this.shared;
    this.erroredManifests.add(crate.manifestPath);
    return this.lines.get(crate)!;
  }

  /** Extends the open section to `time`. */
  private ranUntil(time: number): void {
    const open = this.current && this.sections.get(this.current)?.at(-1);
    if (open) open.end = Math.max(open.end, time);
  }

  /** Opens a section (of one test binary, `unit`): the one before ends now, when the next binary starts. */
  private open(crate: AttributedCrate | undefined, unit?: TestUnit): void {
    const now = Date.now();
    this.ranUntil(now);
    const before = this.current && this.ranges.get(this.current)?.at(-1);
    if (before) before.end = this.lines.get(this.current!)!.length;
    this.current = crate;
    if (crate) {
      const list = this.sections.get(crate) ?? [];
      list.push({ start: now, end: now, ...(unit ? { unit } : {}) });
      this.sections.set(crate, list);
      const ranges = this.ranges.get(crate) ?? [];
      ranges.push({ unit, start: this.lines.get(crate)!.length, end: Infinity });
      this.ranges.set(crate, ranges);
      if (unit) addTo(this.ranUnits, crate, unit);
    }
  }

  /** cargo is done: the open section ends now. */
  close(): void {
    this.open(undefined);
  }

  /** Output of a test binary, doc-tests or a formatting diff belongs to the crate it names. */
  private section(plain: string): void {
    let m = /^\s+Running .*\((.+)\)\s*$/.exec(plain);
    if (m) {
      const binary = this.executables.get(basename(m[1]));
      this.open(binary?.crate, binary?.unit);
      return;
    }
    m = /^\s+Doc-tests (\S+)\s*$/.exec(plain);
    if (m) {
      this.open(this.libraries.get(m[1]), 'doc');
      return;
    }
    m = /^Diff in (.+?)(?: at line \d+)?:(?:\d+:)?\s*$/.exec(plain);
    if (m) this.open(this.owner(m[1]));
  }

  /** `error: test failed, to rerun pass `-p a --lib`` and the final list of failed targets. */
  private rerunHints(plain: string): void {
    for (const m of plain.matchAll(/`-p ([^\s`@]+)(?:@\S+)?([^`]*)`/g)) {
      const crate = this.byName.get(m[1]);
      if (!crate) continue;
      this.failedTests.add(crate);
      const unit = unitOfRerunHint(m[2]);
      if (unit) addTo(this.failedUnits, crate, unit);
    }
    if (/^error: \d+ targets? failed:/.test(plain)) this.open(undefined);
  }

  /** The crate whose folder holds this file (the longest matching manifest folder). */
  private owner(file: string): AttributedCrate | undefined {
    const abs = isAbsolute(file) ? file : join(this.workspaceRoot, file);
    let best: AttributedCrate | undefined;
    let bestLength = -1;
    for (const [manifest, crate] of this.byManifest) {
      const dir = manifest.slice(0, -'Cargo.toml'.length);
      if (abs.startsWith(dir) && dir.length > bestLength) {
        best = crate;
        bestLength = dir.length;
      }
    }
    return best;
  }

  /** When cargo reported the crate's last artifact, if it did. */
  compiledAt(crate: AttributedCrate): number | undefined {
    return this.compiled.get(crate);
  }

  /** When the crate's test or bench binaries ran (`unit`: that one only): each section, from its header to the next one (or cargo's end). */
  sectionsOf(crate: AttributedCrate, unit?: TestUnit): { start: number; end: number }[] {
    const all = this.sections.get(crate) ?? [];
    return (unit ? all.filter((s) => s.unit === unit) : all).map(({ start, end }) => ({ start, end }));
  }

  /** What cargo said about this crate. */
  linesOf(crate: AttributedCrate): string[] {
    return this.lines.get(crate)!;
  }

  /** What cargo said of a crate that is no task here (a dependency): its diagnostics, its build script's report. */
  linesOfOther(manifestPath: string): string[] {
    return this.others.get(manifestPath) ?? [];
  }

  /** The first error cargo reported of a crate (any crate): its headline and location lines. */
  firstErrorOf(manifestPath: string): string[] | undefined {
    return this.firstErrors.get(manifestPath);
  }

  /** Binaries and C libraries built for it. */
  artifactsOf(crate: AttributedCrate): string[] {
    return this.artifacts.get(crate)!;
  }

  /** Cargo reported an artifact of this crate (compiled now, or fresh). */
  wasBuilt(crate: AttributedCrate): boolean {
    return this.built.has(crate);
  }

  hasErrors(crate: AttributedCrate): boolean {
    return this.erroredManifests.has(crate.manifestPath);
  }

  /** A test target of this crate failed (cargo's `-p <crate>` rerun hint). */
  testsFailed(crate: AttributedCrate): boolean {
    return this.failedTests.has(crate);
  }

  /** cargo's rerun hint names this test binary of the crate as failed. */
  unitFailed(crate: AttributedCrate, unit: TestUnit): boolean {
    return this.failedUnits.get(crate)?.has(unit) === true;
  }

  /** This test binary of the crate ran (its `Running …`/`Doc-tests …` header came). */
  unitRan(crate: AttributedCrate, unit: TestUnit): boolean {
    return this.ranUnits.get(crate)?.has(unit) === true;
  }

  /**
   * What cargo said about the crate before its tests ran (its compilation), and the output of this
   * test binary: not the others', nor cargo's closing list of every failed binary (each binary's
   * output ends with its own rerun hint).
   */
  linesOfUnit(crate: AttributedCrate, unit: TestUnit): string[] {
    const ranges = this.ranges.get(crate) ?? [];
    const testsStart = ranges[0]?.start ?? Infinity;
    return this.lines.get(crate)!.filter((_, i) => {
      const range = ranges.find((r) => i >= r.start && i < r.end);
      return range ? range.unit === unit : i < testsStart;
    });
  }

  /** Crates with formatting differences. */
  hasDiff(crate: AttributedCrate): boolean {
    return this.command === 'fmt' && this.lines.get(crate)!.some((l) => withoutColours(l).startsWith('Diff in '));
  }
}

function addTo<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  const set = map.get(key) ?? new Set<V>();
  set.add(value);
  map.set(key, set);
}

/** The test binary an artifact is (compiled as a test: `profile.test`), as `cargo test` runs it. */
function unitOfArtifact(target: { kind: string[]; name: string }, test: boolean): TestUnit | undefined {
  if (!test) return undefined;
  const kind = target.kind[0];
  if (kind === 'bin' || kind === 'test' || kind === 'bench') return `${kind}:${target.name}`;
  if (kind === 'example') return 'examples';
  return target.kind.some((k) => k.endsWith('lib') || k === 'proc-macro') ? 'lib' : undefined;
}

/** A rendered diagnostic's first line and its first ` --> file:line:col`. */
function headline(rendered: string): string[] {
  const lines = rendered.split('\n');
  const at = lines.find((l) => /^\s*--> /.test(withoutColours(l)));
  return at ? [lines[0], at] : [lines[0]];
}
