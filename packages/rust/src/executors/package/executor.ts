import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import { featureList } from '../cargo/args';
import { crateOf, type CrateInfo } from '../cargo/crate';
import { archiveMtime, type ArchiveFile } from './archive';
import { assemblePackage } from './assemble';
import { buildCrate, builtTriple, packageCrate } from './cargo';
import { selectDocuments } from './files';
import { resolvePackageOptions, type PackageExecutorOptions } from './options';
import { writePackageFolder } from './write';
import { packagesFolder } from '../../dist-paths';

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
  const fail = (message: string) => {
    process.stderr.write(`${message}\n`);
    return { success: false };
  };
  const resolved = resolvePackageOptions(given);
  if ('error' in resolved) return fail(resolved.error);
  const { options } = resolved;
  try {
    const crate = crateOf(context, context.projectName!);
    const publish = (context.projectsConfigurations.projects[crate.project]?.metadata?.cargo as { publish?: boolean } | undefined)?.publish === true;
    const wantCrate = options.crateFile ?? publish;
    const mtime = archiveMtime({ ...process.env, ...options.env });
    const profile = options.profile ?? 'release';

    const built = await buildCrate(crate, options);
    if (!built.success) return fail(`${crate.project}: ${built.reason}`);
    if (!built.files.length && !wantCrate) {
      return fail(
        `${crate.project}: nothing to package. The crate has no binary (or C library) to archive, and is not published` +
          ` (publish = false, or no version), so no .crate either. Add a [[bin]] target or src/main.rs, or let it be published.`,
      );
    }

    const warnings: string[] = [];
    let crateFile: { name: string; data: Buffer } | undefined;
    if (wantCrate) {
      const made = await packageCrate(crate, options);
      try {
        if (made.success) crateFile = { name: basename(made.file!), data: readFileSync(made.file!) };
        else if (built.files.length) warnings.push(`no .crate: ${made.reason}`);
        else return fail(`${crate.project}: ${made.reason}`);
      } finally {
        made.cleanup();
      }
    }

    const triple = await builtTriple(options, built.files[0] ?? built.anyFile, crate.workspaceRoot);
    const documents: ArchiveFile[] = [];
    if (built.files.length) {
      const docs = selectDocuments(dirname(crate.manifestPath), crate.workspaceRoot);
      if (docs.missing.includes('LICENSE')) {
        warnings.push(`no LICENSE* file in ${relativeTo(context.root, dirname(crate.manifestPath))} or the Cargo workspace root: the archive carries no license`);
      }
      for (const file of docs.files) documents.push({ name: basename(file), data: readFileSync(file), executable: false });
    }
    const binaries: ArchiveFile[] = built.files.map((file) => ({
      name: basename(file),
      data: readFileSync(file),
      executable: (statSync(file).mode & 0o111) !== 0 || /\.exe$/i.test(file),
    }));

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
      binaries,
      documents,
      crateFile,
      warnings,
    });
    const dest = packageFolder(context.root, crate);
    writePackageFolder(context.root, dest, files);

    const lines = [`Packaged ${crate.name} ${crate.version} for ${triple} (${profile}) in ${relativeTo(context.root, dest)}:`];
    for (const a of manifest.artifacts) lines.push(`  ${a.file}  sha256 ${a.sha256}`);
    for (const w of warnings) lines.push(`warning: ${w}`);
    process.stdout.write(`${lines.join('\n')}\n`);
    return { success: true };
  } catch (e) {
    return fail((e as Error).message);
  }
}

export function packageFolder(nxRoot: string, crate: Pick<CrateInfo, 'project'>): string {
  return join(nxRoot, packagesFolder(crate.project));
}

function relativeTo(root: string, path: string): string {
  return path.startsWith(`${root}/`) ? path.slice(root.length + 1) : path === root ? '.' : path;
}
