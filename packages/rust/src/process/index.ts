export { CommandNotFoundError, runProcess, type RunOptions, type RunResult } from './run';
