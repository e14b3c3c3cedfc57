/**
 * Where the bench process (which hosts the fake server) spends its time: event-loop utilisation
 * and CPU over a run, and optionally a V8 CPU profile summarised by who the code belongs to.
 */
import { Session } from 'node:inspector/promises';
import type { Profiler } from 'node:inspector';
import { performance, type EventLoopUtilization } from 'node:perf_hooks';

export interface ProcessLoad {
  /** Share of the time the event loop was busy (1 = never idle). */
  eventLoopUtilization: number;
  /** CPU of this process (all threads, GC included), ms. */
  cpuMs: number;
}

export function measureLoad(): { stop(): ProcessLoad } {
  const elu: EventLoopUtilization = performance.eventLoopUtilization();
  const cpu = process.cpuUsage();
  return {
    stop() {
      const used = process.cpuUsage(cpu);
      return {
        eventLoopUtilization: performance.eventLoopUtilization(elu).utilization,
        cpuMs: (used.user + used.system) / 1000,
      };
    },
  };
}

export interface ProfileShare {
  category: string;
  ms: number;
  share: number;
}

/** A sampling CPU profile of this process; stop() returns time per category, largest first. */
export async function startProfile(): Promise<{ stop(): Promise<ProfileShare[]> }> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 1000 });
  await session.post('Profiler.start');
  return {
    async stop() {
      const { profile } = await session.post('Profiler.stop');
      await session.post('Profiler.disable');
      session.disconnect();
      return summarise(profile);
    },
  };
}

const CATEGORIES: Array<[string, (frame: Profiler.ProfileNode['callFrame']) => boolean]> = [
  [
    'fake server: routes, store, JSON bodies',
    (f) => f.url.includes('/integration_tests/fake-backlog/'),
  ],
  ['bench: stdout line counting, bookkeeping', (f) => f.url.includes('/scripts/bench/')],
  ['node: http server, sockets, pipes', (f) => f.url.startsWith('node:')],
];

/**
 * Self time per category. A frame without a source (a V8 builtin such as JSON.stringify) is
 * charged to the nearest caller that has one, so the fake's JSON work counts as the fake's.
 */
function summarise(profile: Profiler.Profile): ProfileShare[] {
  const parent = new Map<number, Profiler.ProfileNode>();
  const byId = new Map<number, Profiler.ProfileNode>();
  for (const node of profile.nodes) {
    byId.set(node.id, node);
    for (const child of node.children ?? []) parent.set(child, node);
  }
  const known = new Map<number, string>();
  const categoryOf = (start: Profiler.ProfileNode): string => {
    const cached = known.get(start.id);
    if (cached) return cached;
    let category = 'other (V8, native, loader)';
    const name = start.callFrame.functionName;
    if (name === '(idle)') category = 'idle (waiting for I/O)';
    else if (name === '(garbage collector)') category = 'garbage collection';
    else {
      for (let node: Profiler.ProfileNode | undefined = start; node; node = parent.get(node.id)) {
        const found = CATEGORIES.find(([, test]) => test(node!.callFrame));
        if (found) {
          category = found[0];
          break;
        }
      }
    }
    known.set(start.id, category);
    return category;
  };
  const hits = new Map<string, number>();
  let total = 0;
  for (const sample of profile.samples ?? []) {
    const node = byId.get(sample);
    if (!node) continue;
    const category = categoryOf(node);
    hits.set(category, (hits.get(category) ?? 0) + 1);
    total += 1;
  }
  const durationMs = (profile.endTime - profile.startTime) / 1000;
  return [...hits.entries()]
    .map(([category, count]) => ({
      category,
      ms: (durationMs * count) / Math.max(1, total),
      share: count / Math.max(1, total),
    }))
    .sort((a, b) => b.ms - a.ms);
}
