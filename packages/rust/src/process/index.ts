export { CommandNotFoundError, receivedStopSignal, runProcess, type RunOptions, type RunResult } from './run';
