/**
 * What the supervisor (supervisor.ts) and the process that starts it agree on. The starter holds
 * one end of a socket, the supervisor's file descriptor CHANNEL_FD: the supervisor writes its
 * reports there, one JSON line each, and reads it only to learn that the starter is gone (the
 * socket closes when the starter's process ends, however it ends). The command the supervisor
 * runs never gets that descriptor.
 */
export const CHANNEL_FD = 3;

/**
 * NODE_OPTIONS is meant for the node programs cargo may run, not for the supervisor (a `--require`
 * or `--inspect` there would slow it down or break it): the supervisor is started with it under
 * this name, and gives it back to the command under its own.
 */
export const NODE_OPTIONS_CARRIER = 'MS_RUST_SUPERVISED_NODE_OPTIONS';

export type Report =
  /** The command runs, as the leader of its own process group. */
  | { started: number }
  /** The command ended: its exit code, or the signal that ended it. */
  | { exited: { code: number | null; signal: NodeJS.Signals | null } }
  /** The command could not be started (`code`: ENOENT when it is not on PATH). */
  | { failed: { code?: string; message: string } };

export interface Reports {
  started?: number;
  exited?: { code: number | null; signal: NodeJS.Signals | null };
  failed?: { code?: string; message: string };
}

export function encodeReport(report: Report): string {
  return `${JSON.stringify(report)}\n`;
}

/** Everything the supervisor reported; a line cut short by its death is ignored. */
export function decodeReports(text: string): Reports {
  const reports: Reports = {};
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      Object.assign(reports, JSON.parse(line) as Report);
    } catch {
      // A partial line: the supervisor died while writing it.
    }
  }
  return reports;
}
