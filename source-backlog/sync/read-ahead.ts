import type { Readable } from 'node:stream';

/**
 * The chunks of `source`, read ahead of the consumer up to `maxBytes`: while the consumer waits
 * on DuckDB (a checkpoint's commit), the connector keeps reading Backlog instead of stalling on a
 * full pipe. Past `maxBytes` the source is paused, so memory stays bounded.
 */
export async function* readAhead(source: Readable, maxBytes: number): AsyncGenerator<Buffer> {
  const chunks: Buffer[] = [];
  let buffered = 0;
  let ended = false;
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  source.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    buffered += chunk.length;
    if (buffered >= maxBytes) source.pause();
    notify();
  });
  source.on('error', (error: Error) => {
    failure = error;
    notify();
  });
  for (const event of ['end', 'close']) {
    source.on(event, () => {
      ended = true;
      notify();
    });
  }
  try {
    for (;;) {
      const chunk = chunks.shift();
      if (chunk) {
        buffered -= chunk.length;
        if (source.isPaused() && buffered < maxBytes / 2) source.resume();
        yield chunk;
      } else if (failure) {
        throw failure;
      } else if (ended) {
        return;
      } else {
        await new Promise<void>((resolve) => (wake = resolve));
      }
    }
  } finally {
    if (!ended) source.destroy();
  }
}
