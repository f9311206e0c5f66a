import { EventEmitter } from 'node:events';
import { ProcessGroup } from './group';

const PID = 4242;

/** A leader that exits when told to, with an exit code or the signal that ended it. */
function fakeLeader() {
  const events = new EventEmitter();
  return {
    pid: PID,
    once: events.once.bind(events),
    exit: (code: number | null, signal: NodeJS.Signals | null = null) => events.emit('exit', code, signal),
  };
}

let groupSignals: [number, string][];
beforeEach(() => {
  groupSignals = [];
  jest.spyOn(process, 'kill').mockImplementation((pid: number, signal?: string | number) => {
    if (pid < 0) groupSignals.push([-pid, String(signal)]);
    return true;
  });
});
afterEach(() => {
  jest.useRealTimers();
  jest.restoreAllMocks();
});

describe('ProcessGroup', () => {
  it('leaves the group alone when its leader ends on its own, successful or not: what is left was meant to outlive it', () => {
    for (const code of [0, 101]) {
      const leader = fakeLeader();
      ProcessGroup.of(leader);
      leader.exit(code);
    }
    expect(groupSignals).toEqual([]);
  });

  it('kills the group when its leader was killed: what it started is unfinished work nobody waits for', () => {
    const leader = fakeLeader();
    ProcessGroup.of(leader);
    leader.exit(null, 'SIGKILL');
    expect(groupSignals).toEqual([[PID, 'SIGKILL']]);
  });

  it('passes a stop signal to the group, kills it after the grace period, and sweeps it when the leader has ended', () => {
    jest.useFakeTimers();
    const leader = fakeLeader();
    const group = ProcessGroup.of(leader, 1000)!;
    group.stop('SIGTERM');
    expect(groupSignals).toEqual([[PID, 'SIGTERM']]);
    jest.advanceTimersByTime(1000);
    expect(groupSignals).toEqual([[PID, 'SIGTERM'], [PID, 'SIGKILL']]);
    // A program run by `cargo run` may catch the signal and exit normally; its children still go.
    leader.exit(130);
    expect(groupSignals).toEqual([[PID, 'SIGTERM'], [PID, 'SIGKILL'], [PID, 'SIGKILL']]);
  });

  it('clears the grace period when the leader ends within it, and never signals a group whose leader has ended', () => {
    jest.useFakeTimers();
    const leader = fakeLeader();
    const group = ProcessGroup.of(leader)!;
    group.stop('SIGINT');
    leader.exit(null, 'SIGINT');
    expect(jest.getTimerCount()).toBe(0);
    groupSignals = [];
    group.stop('SIGINT');
    group.kill();
    expect(groupSignals).toEqual([]);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('does not keep this process alive for its grace period', () => {
    const setTimer = jest.spyOn(global, 'setTimeout');
    const leader = fakeLeader();
    ProcessGroup.of(leader)!.stop('SIGTERM');
    const timer = setTimer.mock.results[0].value as NodeJS.Timeout;
    expect(timer.hasRef()).toBe(false);
    leader.exit(null, 'SIGTERM');
  });

  it('has no group for a child that did not start', () => {
    expect(ProcessGroup.of({ once: () => undefined })).toBeUndefined();
  });
});
