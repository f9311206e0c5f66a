// Prints jest's results as one plain closing line per suite ("unit: 25 passed, 0 failed"), the
// form CI reads; exits non-zero if a results file is missing or reports failures.
import { existsSync, readFileSync } from 'node:fs';

let ok = true;
for (const arg of process.argv.slice(2)) {
  const [label, file] = arg.split('=');
  if (!existsSync(file)) {
    console.log(`${label}: no results at ${file}`);
    ok = false;
    continue;
  }
  const r = JSON.parse(readFileSync(file, 'utf8'));
  const skipped = r.numPendingTests + r.numTodoTests;
  // A suite that cannot even load (a syntax error) counts no test: say so, or the line reads as a pass.
  const broken = r.numRuntimeErrorTestSuites ?? 0;
  console.log(`${label}: ${r.numPassedTests} passed, ${r.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}${broken ? `, ${broken} suites could not run` : ''}`);
  if (!r.success || r.numTotalTests === 0) ok = false;
}
process.exit(ok ? 0 : 1);
