import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { AirbyteMessage } from '../protocol/messages';
import { readAhead } from './read-ahead';

/** The connector's own entry: dist/source-backlog/main.js beside this module's folder. */
export const CONNECTOR_ENTRY = join(__dirname, '..', 'main.js');

export interface ConnectorExit {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** The end of what the connector wrote on stderr (a crash's explanation, if any). */
  stderrTail: string;
}

export interface ConnectorProcess {
  /** Every message on the connector's stdout, in order; reading slower pauses the connector. */
  messages: AsyncGenerator<AirbyteMessage>;
  exited: Promise<ConnectorExit>;
  stop(): void;
}

const NEWLINE = 0x0a;
const STDERR_TAIL = 4000;
const READ_AHEAD_BYTES = 32 * 1024 * 1024;

/**
 * Runs a connector command (`discover`, `read`, …) as a child process, the way Airbyte runs a
 * source: its stdout, one AirbyteMessage per line, is the only interface.
 */
export function startConnector(args: string[]): ConnectorProcess {
  const child = spawn(process.execPath, [CONNECTOR_ENTRY, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderrTail = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderrTail = (stderrTail + chunk).slice(-STDERR_TAIL);
  });
  const exited = new Promise<ConnectorExit>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (exitCode, signal) => resolve({ exitCode, signal, stderrTail }));
  });

  async function* messages(): AsyncGenerator<AirbyteMessage> {
    let carry: Buffer | undefined;
    for await (const chunk of readAhead(child.stdout, READ_AHEAD_BYTES)) {
      const buffer = carry ? Buffer.concat([carry, chunk]) : chunk;
      let start = 0;
      for (let end = buffer.indexOf(NEWLINE); end >= 0; end = buffer.indexOf(NEWLINE, start)) {
        const message = parseLine(buffer.toString('utf8', start, end));
        start = end + 1;
        if (message) yield message;
      }
      carry = start < buffer.length ? buffer.subarray(start) : undefined;
    }
    // A process killed mid-line leaves half a message: it was never sent.
  }

  return {
    messages: messages(),
    exited,
    stop: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    },
  };
}

/** Like the Airbyte platform, anything on stdout that is not a JSON message is passed over. */
function parseLine(line: string): AirbyteMessage | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const message = JSON.parse(line) as AirbyteMessage;
    return typeof message?.type === 'string' ? message : undefined;
  } catch {
    return undefined;
  }
}
