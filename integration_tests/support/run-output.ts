import type { RunResult } from './connector';

/** Kills once `count` STATE messages of `stream` have been printed (scans each line once). */
export function afterStates(stream: string, count: number): (stdout: string) => boolean {
  let scanned = 0;
  let seen = 0;
  const marker = `"stream_descriptor":{"name":"${stream}"}`;
  return (stdout) => {
    const end = stdout.lastIndexOf('\n') + 1;
    for (const line of stdout.slice(scanned, end).split('\n')) {
      if (line.startsWith('{"type":"STATE"') && line.includes(marker)) seen += 1;
    }
    scanned = Math.max(scanned, end);
    return seen >= count;
  };
}

/**
 * Records a destination would keep from a run that died: those of `stream` emitted before the
 * stream's last STATE (Airbyte commits records only up to a checkpoint).
 */
export function committedRecords(
  result: RunResult,
  stream: string,
): Array<Record<string, unknown>> {
  const committed: Array<Record<string, unknown>> = [];
  let pending: Array<Record<string, unknown>> = [];
  for (const message of result.messages) {
    if (message.type === 'RECORD' && message.record?.stream === stream) {
      pending.push(message.record.data);
    } else if (
      message.type === 'STATE' &&
      message.state?.stream?.stream_descriptor.name === stream
    ) {
      committed.push(...pending);
      pending = [];
    }
  }
  return committed;
}

/** Requests each stream made, from the connector's per-stream summary lines. */
export function requestsPerStream(result: RunResult): Record<string, string> {
  const costs: Record<string, string> = {};
  for (const message of result.messages) {
    const match = /^Stream "(\w+)": \d+ records, (.+) in /.exec(message.log?.message ?? '');
    if (match) costs[match[1]] = match[2];
  }
  return costs;
}
