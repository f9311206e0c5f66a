/** Options of the `@ms/rust:cargo` executor (see schema.json). */
export interface CargoExecutorOptions {
  command: CargoCommand;
  args?: string[];
  toolArgs?: string[];
  profile?: string;
  features?: string[] | string;
  allFeatures?: boolean;
  noDefaultFeatures?: boolean;
  target?: string;
  locked?: boolean;
  frozen?: boolean;
  offline?: boolean;
  env?: Record<string, string>;
}

export type CargoCommand = 'build' | 'check' | 'test' | 'clippy' | 'fmt' | 'doc' | 'bench' | 'run';

/** What a batch reports for each task (Nx's batch protocol). */
export interface BatchTaskResult {
  success: boolean;
  terminalOutput: string;
  startTime?: number;
  endTime?: number;
  /** `skipped`: never ran because of another task. */
  status?: 'success' | 'failure' | 'skipped';
}
