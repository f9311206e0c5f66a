import type { ExecutorContext } from '@nx/devkit';
import { collectArtifacts } from './artifacts';
import { cargoArgs } from './args';
import { cargoCommandLine, runCargo } from './cargo-process';
import { crateOf, packageSpec } from './crate';
import { finalFiles, parseMessage, type CompilerArtifact } from './messages';
import { profileOf, resolveOptions, type CargoExecutorOptions } from './options';

/**
 * One task on its own (`nx run`, `--batch=false`): cargo writes straight to the terminal, with its
 * own colours and progress. `build` also asks cargo for JSON messages on stdout to learn which
 * artifacts to copy to dist/target/<profile>/<project>.
 */
export default async function cargoExecutor(given: CargoExecutorOptions, context: ExecutorContext): Promise<{ success: boolean }> {
  const resolved = resolveOptions(given);
  if ('error' in resolved) {
    process.stderr.write(`${resolved.error}\n`);
    return { success: false };
  }
  const { options } = resolved;
  if (options.command === 'none') return { success: true };
  const crate = crateOf(context, context.projectName!);
  const build = options.command === 'build';
  const argv = cargoArgs(options, {
    packages: [packageSpec(crate, options.command)],
    messageFormat: build ? 'json-render-diagnostics' : 'human',
    keepGoing: false,
  });
  process.stdout.write(`> ${cargoCommandLine(argv)}\n`);
  try {
    const result = await runCargo(argv, { cwd: crate.workspaceRoot, env: options.env, output: 'inherit', captureStdout: build });
    if (result.exitCode !== 0) return { success: false };
    if (build) {
      const files = result.stdout
        .split('\n')
        .map(parseMessage)
        .filter((m): m is CompilerArtifact => m?.reason === 'compiler-artifact' && (m as CompilerArtifact).manifest_path === crate.manifestPath)
        .flatMap(finalFiles);
      const dest = collectArtifacts(context.root, profileOf(options), crate.project, files);
      if (files.length) process.stdout.write(`Artifacts of ${crate.name} copied to ${dest}\n`);
    }
    return { success: true };
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    return { success: false };
  }
}
