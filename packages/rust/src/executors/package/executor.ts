import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import { packagesFolder } from '../../dist-paths';
import { featureList } from '../cargo/args';
import { crateOf, publishedBefore, type CrateInfo } from '../cargo/crate';
import { archiveMtime, type ArchiveFile } from './archive';
import { assemblePackage } from './assemble';
import { buildCrate, builtTriple, packageCrate } from './cargo';
import { selectDocuments } from './files';
import { packageProfile, resolvePackageOptions, type PackageExecutorOptions } from './options';
import { writePackageFolder } from './write';

/**
 * `package`: release archives of a crate in dist/packages/<project>/.
 *
 * Why this executor builds the crate itself instead of depending on the `build` target: Nx's
 * `dependsOn` cannot choose a configuration for the task it depends on (a dependency runs with the
 * configuration given on the command line), so `nx run-many -t package` would build `dev`
 * binaries and archive those. Here the executor runs `cargo build --release -p <crate>@<version>`
 * (or the configuration's profile) through the cargo executor's own argument builder, takes the
 * artifacts from cargo's JSON messages, and archives exactly those. The release build of `build`
 * (`nx build <crate> -c release`) and this one share cargo's target folder, so whichever runs
 * second finds the crate fresh.
 */
export default async function packageExecutor(given: PackageExecutorOptions, context: ExecutorContext): Promise<{ success: boolean }> {
  const resolved = resolvePackageOptions(given);
  if ('error' in resolved) return failed(resolved.error);
  try {
    return await packageProject(resolved.options, context);
  } catch (e) {
    return failed((e as Error).message);
  }
}

function failed(message: string): { success: false } {
  process.stderr.write(`${message}\n`);
  return { success: false };
}

/** Builds the crate, makes its .crate when it is published, and writes the package folder. */
async function packageProject(options: PackageExecutorOptions, context: ExecutorContext): Promise<{ success: boolean }> {
  const crate = crateOf(context, context.projectName!);
  const wantCrate = options.crateFile ?? isPublished(context, crate);
  // Checked before the build: a bad SOURCE_DATE_EPOCH fails at once.
  const mtime = archiveMtime({ ...process.env, ...options.env });
  const built = await buildCrate(crate, options);
  if (!built.success) return failed(`${crate.project}: ${built.reason}`);
  if (!built.files.length && !wantCrate) {
    return failed(
      `${crate.project}: nothing to package. The crate has no binary (or C library) to archive, and is not published` +
        ` (${notPublished(context, crate) ?? 'publish = false, or no version'}), so no .crate either. Add a [[bin]] target or src/main.rs, or let it be published.`,
    );
  }
  const warnings: string[] = [];
  const made = wantCrate ? await crateFileOf(crate, options, built.files.length > 0, publishedBefore(context, crate.project)) : {};
  if ('error' in made) return failed(`${crate.project}: ${made.error}`);
  if (made.warning) warnings.push(made.warning);
  const triple = await builtTriple(options, built.files[0] ?? built.anyFile, crate.workspaceRoot);
  const documents = built.files.length ? documentFiles(context.root, crate, warnings) : [];
  const profile = packageProfile(options);
  const { files, manifest } = assemblePackage({
    crate: crate.name,
    version: crate.version,
    project: crate.project,
    triple,
    profile,
    features: featureList(options.features),
    allFeatures: !!options.allFeatures,
    noDefaultFeatures: !!options.noDefaultFeatures,
    mtime,
    binaries: binaryFiles(built.files),
    documents,
    crateFile: made.crateFile,
    warnings,
  });
  const dest = packageFolder(context.root, crate);
  writePackageFolder(context.root, dest, files);
  process.stdout.write(summary(`Packaged ${crate.name} ${crate.version} for ${triple} (${profile}) in ${relativeTo(context.root, dest)}:`, manifest, warnings));
  return { success: true };
}

function cargoMetadata(context: ExecutorContext, crate: CrateInfo): { publish?: boolean; notPublished?: string } | undefined {
  return context.projectsConfigurations.projects[crate.project]?.metadata?.cargo as { publish?: boolean; notPublished?: string } | undefined;
}

function isPublished(context: ExecutorContext, crate: CrateInfo): boolean {
  return cargoMetadata(context, crate)?.publish === true;
}

/** Why the plugin found the crate not publishable (see `Publishability`). */
function notPublished(context: ExecutorContext, crate: CrateInfo): string | undefined {
  return cargoMetadata(context, crate)?.notPublished;
}

/** The crate's .crate; when cargo cannot make it, a warning if there are binaries to archive, else an error. */
async function crateFileOf(
  crate: CrateInfo,
  options: PackageExecutorOptions,
  hasBinaries: boolean,
  alongside: CrateInfo[],
): Promise<{ crateFile?: { name: string; data: Buffer }; warning?: string; error?: string }> {
  const made = await packageCrate(crate, options, alongside);
  try {
    if (made.success) return { crateFile: { name: basename(made.file!), data: readFileSync(made.file!) } };
    return hasBinaries ? { warning: `no .crate: ${made.reason}` } : { error: made.reason };
  } finally {
    made.cleanup();
  }
}

/** README*, LICENSE*, CHANGELOG* of the crate (or of the Cargo workspace root); a warning when no license is found. */
function documentFiles(nxRoot: string, crate: CrateInfo, warnings: string[]): ArchiveFile[] {
  const docs = selectDocuments(dirname(crate.manifestPath), crate.workspaceRoot);
  if (docs.missing.includes('LICENSE')) {
    warnings.push(`no LICENSE* file in ${relativeTo(nxRoot, dirname(crate.manifestPath))} or the Cargo workspace root: the archive carries no license`);
  }
  return docs.files.map((file) => ({ name: basename(file), data: readFileSync(file), executable: false }));
}

function binaryFiles(files: string[]): ArchiveFile[] {
  return files.map((file) => ({
    name: basename(file),
    data: readFileSync(file),
    executable: (statSync(file).mode & 0o111) !== 0 || /\.exe$/i.test(file),
  }));
}

/** What the user is told: where the package went, each artifact's checksum, and the warnings. */
function summary(headline: string, manifest: { artifacts: { file: string; sha256: string }[] }, warnings: string[]): string {
  const lines = [headline];
  for (const a of manifest.artifacts) lines.push(`  ${a.file}  sha256 ${a.sha256}`);
  for (const w of warnings) lines.push(`warning: ${w}`);
  return `${lines.join('\n')}\n`;
}

export function packageFolder(nxRoot: string, crate: Pick<CrateInfo, 'project'>): string {
  return join(nxRoot, packagesFolder(crate.project));
}

function relativeTo(root: string, path: string): string {
  return path.startsWith(`${root}/`) ? path.slice(root.length + 1) : path === root ? '.' : path;
}
