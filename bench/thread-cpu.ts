// CPU time of a process by kind of thread, from /proc (Linux; elsewhere every figure is 0): where a "single
// threaded" Node process's CPU goes. Beside its main thread a Node process runs V8's helper threads (the optimising
// compiler's background jobs, the garbage collector's parallel and concurrent work) and libuv's pool; a storyline
// process may also run stage threads (worker threads extracting and analysing, named STAGE_THREAD_NAME).
import { readdirSync, readFileSync } from 'node:fs';
import { STAGE_THREAD_NAME } from '../src/pipeline/worker-pool.js';

/** Clock ticks per second of /proc's CPU times (USER_HZ: 100 on Linux). */
const TICKS = 100;

/** CPU seconds by kind of thread. */
export interface ThreadCpu {
  main: number;
  /** Worker threads named STAGE_THREAD_NAME: extraction and analysis. */
  stages: number;
  /**
   * Everything else: V8's helper threads (compiler, garbage collector), libuv's pool, and any thread that has
   * exited (the process's total keeps its time; a renewed stage thread's time would land here).
   */
  helpers: number;
}

export const NO_CPU: ThreadCpu = { main: 0, stages: 0, helpers: 0 };

/** User and system CPU seconds in a /proc stat line (the fields after the command's closing parenthesis). */
function statCpu(path: string): number {
  try {
    const fields = readFileSync(path, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / TICKS;
  } catch {
    return 0;
  }
}

/** CPU seconds, all threads, of a process (0 when it is gone or not on Linux). */
export function processCpu(pid: number | undefined): number {
  return pid === undefined ? 0 : statCpu(`/proc/${pid}/stat`);
}

/** A process's CPU seconds so far by kind of thread. */
export function threadCpu(pid: number | undefined): ThreadCpu {
  if (pid === undefined) return NO_CPU;
  const total = processCpu(pid);
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return NO_CPU;
  }
  let main = 0;
  let stages = 0;
  for (const tid of tasks) {
    const cpu = statCpu(`/proc/${pid}/task/${tid}/stat`);
    if (tid === String(pid)) main += cpu;
    else if (threadName(pid, tid) === STAGE_THREAD_NAME) stages += cpu;
  }
  return { main, stages, helpers: Math.max(0, total - main - stages) };
}

function threadName(pid: number, tid: string): string {
  try {
    return readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

export const addCpu = (a: ThreadCpu, b: ThreadCpu): ThreadCpu => ({
  main: a.main + b.main,
  stages: a.stages + b.stages,
  helpers: a.helpers + b.helpers,
});

export const subCpu = (a: ThreadCpu, b: ThreadCpu): ThreadCpu => ({
  main: a.main - b.main,
  stages: a.stages - b.stages,
  helpers: a.helpers - b.helpers,
});

export const totalCpu = (c: ThreadCpu): number => c.main + c.stages + c.helpers;
