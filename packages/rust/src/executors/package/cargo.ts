import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runProcess } from '../../process';
import { cargoArgs, featureList } from '../cargo/args';
import { cargoCommandLine, runCargo } from '../cargo/cargo-process';
import { withoutColours } from '../cargo/colours';
import { packageSpec, type CrateInfo } from '../cargo/crate';
import { finalFiles, parseMessage, type CompilerArtifact } from '../cargo/messages';
import { interruptedNote, stopOf } from '../stop';
import { buildOptions, packageProfile, type PackageExecutorOptions } from './options';

export interface BuildOutcome {
  success: boolean;
  /** The crate's final artifacts (binaries, C libraries), as cargo reported them. */
  files: string[];
  /** Every file cargo reported for the crate (rlibs too): where the triple can be read from. */
  anyFile?: string;
  /** Why it failed, when cargo's output says more than its exit status. */
  reason?: string;
}

const color = () => process.stdout.isTTY === true;

/** Prints cargo's words (not its JSON messages) as they come, and keeps them for a diagnosis. */
function printer(seen: string[], onMessage: (line: string) => boolean) {
  return (line: string) => {
    if (onMessage(line)) return;
    seen.push(line);
    process.stdout.write(`${line}\n`);
  };
}

/**
 * `cargo build -p <crate>@<version>` with the package's profile, triple and features, through the
 * cargo executor's own argument builder; the crate's final artifacts are read from cargo's JSON
 * messages, as `build` does.
 */
export async function buildCrate(crate: CrateInfo, options: PackageExecutorOptions): Promise<BuildOutcome> {
  const argv = cargoArgs(buildOptions(options), {
    packages: [packageSpec(crate, 'build')],
    messageFormat: 'json-render-diagnostics',
    keepGoing: false,
    color: color(),
  });
  process.stdout.write(`> ${cargoCommandLine(argv)}\n`);
  const files: string[] = [];
  let anyFile: string | undefined;
  const said: string[] = [];
  const onLine = printer(said, (line) => {
    const message = parseMessage(line);
    if (!message) return false;
    if (message.reason === 'compiler-artifact' && (message as CompilerArtifact).manifest_path === crate.manifestPath) {
      const artifact = message as CompilerArtifact;
      files.push(...finalFiles(artifact));
      anyFile ??= artifact.filenames[0];
    }
    return true;
  });
  const result = await runCargo(argv, { cwd: crate.workspaceRoot, env: options.env, output: 'lines', onLine });
  if (result.exitCode === 0) return { success: true, files: [...new Set(files)], anyFile };
  return { success: false, files: [], reason: buildFailure(said, options.target, stopOf(result)) };
}

/**
 * What to tell the user when the build failed: for a triple cargo cannot build for (its standard
 * library not installed, or no such target), that, and how to install it; else cargo's messages
 * above say it all.
 */
export function buildFailure(output: string[], triple: string | undefined, interrupted?: string): string {
  if (interrupted) return interruptedNote('cargo build', interrupted);
  const text = withoutColours(output.join('\n'));
  if (triple) {
    const missingStd = /can't find crate for `(?:std|core)`/.test(text) || /target may not be installed/.test(text);
    if (missingStd) {
      return `cannot build for ${triple}: its standard library is not installed for this toolchain. Install it with \`rustup target add ${triple}\` (and a linker for it if it is not the host's), then package again.`;
    }
    if (/could not find specification for target|Error loading target specification/i.test(text)) {
      return `cannot build for ${triple}: rustc does not know this target triple (see \`rustc --print target-list\`).`;
    }
  }
  return 'cargo build failed (see its messages above)';
}

export interface CrateFileOutcome {
  success: boolean;
  /** The .crate's path (in a temporary folder the caller removes with `cleanup`). */
  file?: string;
  reason?: string;
  cleanup: () => void;
}

/**
 * `cargo package -p <crate>@<version> --no-verify --allow-dirty` into a temporary target folder:
 * cargo's own .crate, exactly what `cargo publish` would upload. `--no-verify` because the
 * release build already compiled the crate (verifying would build it a second time from the
 * unpacked copy); `--allow-dirty` because packaging a working tree is the point here (the .crate
 * then records `"dirty": true` in its .cargo_vcs_info.json). The network is used only as cargo
 * would (`offline`/`frozen`/`locked` are passed on). `alongside`: the publishable workspace crates
 * it depends on, packaged with it, so that cargo resolves them from those packages when the
 * registry does not have them yet (cargo's local overlay; it needs a remote registry).
 */
export async function packageCrate(crate: CrateInfo, options: PackageExecutorOptions, alongside: CrateInfo[] = []): Promise<CrateFileOutcome> {
  const targetDir = mkdtempSync(join(tmpdir(), 'ms-rust-package-'));
  const cleanup = () => rmSync(targetDir, { recursive: true, force: true });
  const argv = ['package', '-p', packageSpec(crate, 'package'), ...alongside.flatMap((c) => ['-p', packageSpec(c, 'package')]), '--no-verify', '--allow-dirty', '--target-dir', targetDir];
  // With more than one package, a bare feature name would be looked for in each of them.
  const features = featureList(options.features).map((f) => (alongside.length && !f.includes('/') ? `${crate.name}/${f}` : f));
  if (features.length) argv.push('--features', features.join(','));
  if (options.allFeatures) argv.push('--all-features');
  if (options.noDefaultFeatures) argv.push('--no-default-features');
  if (options.locked) argv.push('--locked');
  if (options.frozen) argv.push('--frozen');
  if (options.offline) argv.push('--offline');
  if (color()) argv.push('--color', 'always');
  process.stdout.write(`> ${cargoCommandLine(argv)}\n`);
  const said: string[] = [];
  // Its own target folder: nothing to wait for, and nothing left in the workspace's.
  const result = await runProcess('cargo', argv, { cwd: crate.workspaceRoot, env: options.env, output: 'lines', onLine: printer(said, () => false) });
  if (result.exitCode !== 0) return { success: false, cleanup, reason: packageFailure(said, alongside, stopOf(result)) };
  const dir = join(targetDir, 'package');
  const name = `${crate.name}-${crate.version}.crate`;
  const found = readdirSync(dir).includes(name);
  if (!found) return { success: false, cleanup, reason: `cargo package left no ${name} in ${dir}` };
  return { success: true, file: join(dir, name), cleanup };
}

/**
 * What to tell the user when `cargo package` failed. Packaging a crate with the unpublished
 * workspace crates it depends on needs a remote registry to overlay them on; where that
 * registry (crates.io by default) is replaced by a local directory (vendored crates, a distro's
 * packaged crates), cargo refuses, and its hint (`--registry crates-io`) cannot help: the
 * directory does not hold the workspace crates. Said plainly, with what does work.
 */
export function packageFailure(output: string[], alongside: CrateInfo[], interrupted?: string): string {
  if (interrupted) return interruptedNote('cargo package', interrupted);
  const replaced = /(\S+) is replaced with non-remote-registry source (?:dir )?(\S+?);?$/m.exec(withoutColours(output.join('\n')));
  if (replaced && alongside.length) {
    const [, registry, source] = replaced;
    const deps = alongside.map((c) => `${c.name}@${c.version}`).join(', ');
    return (
      `cargo cannot package it together with ${deps} (needed alongside until the registry has ${alongside.length === 1 ? 'it' : 'them'}):` +
      ` that overlays them on a remote registry, and ${registry} is replaced here by the local source ${source} (a [source] replacement in a cargo config).` +
      ` The .crate is made where the path dependencies' registry is remote: crates.io itself, or \`registry.default\` with \`registry = "<name>"\` on the path dependencies.`
    );
  }
  return 'cargo package failed (see its messages above)';
}

/**
 * The triple the artifacts were built for: the one asked for, else the folder cargo put them in
 * when it is a triple rustc knows (`target/<triple>/<profile>/…`: `build.target` in a cargo
 * config, or CARGO_BUILD_TARGET), else the host's (`rustc -vV`).
 */
export async function builtTriple(options: PackageExecutorOptions, artifact: string | undefined, cwd: string): Promise<string> {
  if (options.target) return options.target;
  const candidate = artifact && folderAboveProfile(artifact, packageProfile(options));
  if (candidate && (await rustcPrint(cwd, ['--print', 'target-list'], options.env)).split('\n').includes(candidate)) return candidate;
  const host = /^host: (\S+)$/m.exec(await rustcPrint(cwd, ['-vV'], options.env))?.[1];
  if (!host) throw new Error('rustc -vV did not name the host triple');
  return host;
}

/** `<target dir>/[<triple>/]<profile dir>/…`: the folder above the profile's, a triple or the target folder. */
export function folderAboveProfile(file: string, profile: string): string | undefined {
  const profileDir = profile === 'dev' || profile === 'test' ? 'debug' : profile === 'bench' ? 'release' : profile;
  const parts = file.split(/[\\/]/);
  const at = parts.lastIndexOf(profileDir);
  return at > 0 ? parts[at - 1] : undefined;
}

async function rustcPrint(cwd: string, args: string[], env?: Record<string, string>): Promise<string> {
  const rustc = env?.RUSTC ?? process.env.RUSTC ?? 'rustc';
  // A quick query that starts nothing: no supervisor (and its node start-up) needed.
  const result = await runProcess(rustc, args, { cwd, env, output: 'inherit', captureStdout: true, supervise: false });
  if (result.exitCode !== 0) throw new Error(`${rustc} ${args.join(' ')} failed`);
  return result.stdout;
}
