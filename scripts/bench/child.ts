/**
 * Runs a child process and scans its stdout line by line as raw bytes: record lines are only
 * counted (by the stream name right after a known prefix) and dropped, so a sync of 200,000
 * records never sits in the bench's memory; every other line is handed over as text.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface ChildOptions {
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Bytes every record line starts with, up to the opening quote of the stream name. */
  recordPrefix: string;
  /** Streams whose record lines are also parsed and passed to onRecord (keep it small). */
  parseStreams?: string[];
  onRecord?: (stream: string, message: unknown) => void;
  onOtherLine?: (line: string) => void;
}

export interface ChildResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** From spawn to exit, ms. */
  wallMs: number;
  /** Record lines per stream. */
  records: Map<string, number>;
  stdoutBytes: number;
  stderr: string;
  /** User + system CPU of the child, ms, sampled from /proc (Linux; undefined elsewhere). */
  cpuMs?: number;
  /** Peak resident set of the child, MB, from /proc VmHWM (Linux; undefined elsewhere). */
  peakRssMb?: number;
}

const NEWLINE = 0x0a;
const QUOTE = 0x22;
const CPU_SAMPLE_MS = 100;

export async function runChild(options: ChildOptions): Promise<ChildResult> {
  const prefix = Buffer.from(options.recordPrefix, 'utf8');
  const parsed = new Set(options.parseStreams ?? []);
  const records = new Map<string, number>();
  let stdoutBytes = 0;
  let stderr = '';
  let carry: Buffer | undefined;

  const onLine = (line: Buffer): void => {
    if (line.length === 0) return;
    if (line.length > prefix.length && line.subarray(0, prefix.length).equals(prefix)) {
      const end = line.indexOf(QUOTE, prefix.length);
      const stream = line.toString('utf8', prefix.length, end);
      records.set(stream, (records.get(stream) ?? 0) + 1);
      if (parsed.has(stream)) options.onRecord?.(stream, JSON.parse(line.toString('utf8')));
      return;
    }
    options.onOtherLine?.(line.toString('utf8'));
  };

  const started = performance.now();
  const child = spawn(options.command, options.args, {
    env: options.env ?? process.env,
    cwd: options.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const sampler = cpuSampler(child.pid);
  child.stdout.on('data', (chunk: Buffer) => {
    stdoutBytes += chunk.length;
    const buffer = carry ? Buffer.concat([carry, chunk]) : chunk;
    carry = undefined;
    let start = 0;
    for (let newline = buffer.indexOf(NEWLINE); newline >= 0;) {
      onLine(buffer.subarray(start, newline));
      start = newline + 1;
      newline = buffer.indexOf(NEWLINE, start);
    }
    if (start < buffer.length) carry = Buffer.from(buffer.subarray(start));
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    // Only the end matters for a diagnosis; keep it bounded.
    stderr = (stderr + chunk).slice(-20_000);
  });
  const [exitCode, signal] = await new Promise<[number | null, NodeJS.Signals | null]>(
    (resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code, sig) => resolve([code, sig]));
    },
  );
  const wallMs = performance.now() - started;
  const usage = sampler.stop();
  if (carry) onLine(carry);
  return { exitCode, signal, wallMs, records, stdoutBytes, stderr, ...usage };
}

/**
 * Polls /proc/<pid> for CPU time and peak RSS. The last sample is at most CPU_SAMPLE_MS old when
 * the child exits, so CPU time is short by at most that much.
 */
function cpuSampler(pid: number | undefined): { stop(): { cpuMs?: number; peakRssMb?: number } } {
  let cpuMs: number | undefined;
  let peakRssMb: number | undefined;
  const sample = (): void => {
    if (pid === undefined) return;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      cpuMs = ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
      if (hwm) peakRssMb = Number(hwm[1]) / 1024;
    } catch {
      // The process is gone (or this is not Linux): keep the last sample.
    }
  };
  sample();
  const timer = setInterval(sample, CPU_SAMPLE_MS);
  return {
    stop() {
      clearInterval(timer);
      return { cpuMs, peakRssMb };
    },
  };
}

/** USER_HZ: 100 on every Linux build that matters. */
const CLOCK_TICKS = 100;
