import { createHash } from 'node:crypto';
import { openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Runs `fn` while holding this machine's lock on a Cargo target folder. Nx may run several
 * cargo tasks at once outside a batch; cargo would only make all but one wait behind its own
 * lock ("Blocking waiting for file lock"), so they take turns here instead, one cargo process
 * per target folder. A lock whose holder died is taken over.
 */
export async function withTargetDirLock<T>(workspaceRoot: string, fn: () => Promise<T>): Promise<T> {
  const targetDir = process.env.CARGO_TARGET_DIR ? resolve(workspaceRoot, process.env.CARGO_TARGET_DIR) : join(workspaceRoot, 'target');
  const lock = join(tmpdir(), `ms-rust-${createHash('sha1').update(targetDir).digest('hex').slice(0, 16)}.lock`);
  for (;;) {
    try {
      const fd = openSync(lock, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      if (!holderAlive(lock)) rmSync(lock, { force: true });
      else await new Promise((r) => setTimeout(r, 100));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { force: true });
  }
}

function holderAlive(lock: string): boolean {
  try {
    const pid = Number(readFileSync(lock, 'utf8'));
    if (!pid) return true; // being written right now
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
