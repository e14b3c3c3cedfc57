import { PassThrough } from 'node:stream';
import { readAhead } from './read-ahead';

describe('readAhead', () => {
  it('keeps reading while the consumer is busy, up to its limit, then pauses the source', async () => {
    const source = new PassThrough();
    const chunks = readAhead(source, 10);
    const first = chunks.next();
    source.write(Buffer.from('abcd'));
    expect((await first).value?.toString()).toBe('abcd');
    // The consumer is busy: what arrives meanwhile is buffered, until 10 bytes.
    source.write(Buffer.from('efgh'));
    source.write(Buffer.from('ijklmn'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(source.isPaused()).toBe(true);
    source.end(Buffer.from('op'));
    const rest: string[] = [];
    for await (const chunk of chunks) rest.push(chunk.toString());
    expect(rest.join('')).toBe('efghijklmnop');
    expect(source.isPaused()).toBe(false);
  });

  it('ends when the source ends, and passes on its error', async () => {
    const source = new PassThrough();
    const chunks = readAhead(source, 1024);
    source.end();
    expect(await chunks.next()).toEqual({ done: true, value: undefined });

    const failing = new PassThrough();
    const next = readAhead(failing, 1024).next();
    failing.destroy(new Error('pipe broke'));
    await expect(next).rejects.toThrow('pipe broke');
  });
});
