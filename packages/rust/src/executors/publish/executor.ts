import type { ExecutorContext } from '@nx/devkit';
import { publishRegistry, registryToken, type PublishRegistry } from '../../cargo';
import { runProcess } from '../../process';
import { cargoCommandLine } from '../cargo/cargo-process';
import { crateOf, packageSpec, publishedBefore, type CrateInfo } from '../cargo/crate';
import { interruptedNote } from '../stop';
import { readCargoConfigs } from './cargo-config';
import { resolvePublishOptions, type PublishExecutorOptions } from './options';
import { versionInIndex, type Fetch, type IndexAnswer } from './sparse-index';

interface PublishMetadata {
  publishRegistries?: string[];
}

/**
 * `nx-release-publish`: `cargo publish -p <crate>@<version>`, unless the registry's index already
 * lists that version (then the task succeeds, saying so), so that a publish stopped half-way
 * can simply be run again. Registry, index and token are cargo's own configuration; the token is
 * never put on the command line (cargo reads it). Nx runs the crates it depends on first
 * (`dependsOn`), and none of its dependents when it fails.
 */
export default async function publishExecutor(given: PublishExecutorOptions, context: ExecutorContext): Promise<{ success: boolean }> {
  const resolved = resolvePublishOptions(given as Record<string, unknown>);
  if ('error' in resolved) return failed(resolved.error);
  for (const note of resolved.notes) process.stdout.write(`${note}\n`);
  try {
    return await publish(resolved.options, context, globalThis.fetch as unknown as Fetch);
  } catch (e) {
    return failed(`${context.projectName}: ${(e as Error).message}`);
  }
}

function failed(message: string): { success: false } {
  process.stderr.write(`${message}\n`);
  return { success: false };
}

async function publish(options: PublishExecutorOptions, context: ExecutorContext, fetchFn: Fetch): Promise<{ success: boolean }> {
  const crate = crateOf(context, context.projectName!);
  const env = process.env;
  const dryRun = options.dryRun === true || env.NX_DRY_RUN === 'true';
  const configs = readCargoConfigs(crate.workspaceRoot, env);
  const registry = publishRegistry(options.registry, metadataOf(context, crate.project).publishRegistries, configs, env);
  const ask = (c: CrateInfo) => askIndex(registry, c, fetchFn, registryToken(registry.name, configs, env));
  const id = `${crate.name}@${crate.version}`;

  const answer = await ask(crate);
  if (answer.state === 'present') {
    process.stdout.write(`${id} is already in ${registry.name}: skipped\n`);
    return { success: true };
  }
  if (answer.state === 'unknown') process.stdout.write(`${id}: cannot tell whether ${registry.name} has it (${answer.why}); cargo publish decides\n`);

  const argv = ['publish', '-p', packageSpec(crate, 'publish'), ...registry.args];
  if (dryRun) {
    // The crates it depends on are not uploaded in a dry run: cargo packages them alongside (it
    // then resolves them from those packages), unless the registry has them already.
    for (const dep of publishedBefore(context, crate.project)) if ((await ask(dep)).state !== 'present') argv.push('-p', packageSpec(dep, 'publish'));
    argv.push('--dry-run');
  }
  argv.push(...(options.args ?? []));
  process.stdout.write(`> ${cargoCommandLine(argv)}\n`);
  const result = await runProcess('cargo', argv, { cwd: crate.workspaceRoot, output: 'inherit' });
  if (result.interrupted) return failed(`${id}: ${interruptedNote('cargo publish', result.interrupted)}`);
  if (result.exitCode !== 0) return failed(`${id}: cargo publish to ${registry.name} failed (exit ${result.exitCode}, see its messages above); the crates depending on it are not published`);
  process.stdout.write(dryRun ? `${id}: dry run, nothing uploaded to ${registry.name}\n` : `${id}: published to ${registry.name}\n`);
  return { success: true };
}

function askIndex(registry: PublishRegistry, crate: CrateInfo, fetchFn: Fetch, token: string | undefined): Promise<IndexAnswer> {
  if (!registry.index) {
    return Promise.resolve({ state: 'unknown', why: `cargo's configuration gives no index for it (\`registries.${registry.name}.index\`)` });
  }
  return versionInIndex(registry.index, crate.name, crate.version, fetchFn, token);
}

function metadataOf(context: ExecutorContext, project: string): PublishMetadata {
  return (context.projectsConfigurations.projects[project]?.metadata?.cargo ?? {}) as PublishMetadata;
}
