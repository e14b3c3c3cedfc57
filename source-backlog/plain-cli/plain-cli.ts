import type { Writable } from 'node:stream';
import { parseArgs, type ParseArgsConfig } from 'node:util';

export interface Terminal {
  stdout: Writable;
  stderr: Writable & { isTTY?: boolean };
}

/** What went wrong, and what to do about it: one line each. */
export interface Failure {
  message: string;
  hint: string;
}

/** A `source-backlog` command for a person at a terminal rather than for Airbyte. */
export interface PlainCommand {
  /** The word after `source-backlog`, which starts the line of a failure. */
  name: string;
  usage: string;
  help: string;
  /** The command's own failures, told as they are; any other error is told as unexpected. */
  Failure: new (message: string, hint: string) => Failure;
  /** What to do about an unexpected error. */
  unexpectedHint: string;
}

/** The command's options; a parse error (an unknown option, a missing value) gets the usage as hint. */
export function parseOptions<const Options extends NonNullable<ParseArgsConfig['options']>>(
  command: PlainCommand,
  argv: string[],
  options: Options,
) {
  try {
    return parseArgs({ args: argv, allowPositionals: false, options }).values;
  } catch (error) {
    throw new command.Failure((error as Error).message, command.usage);
  }
}

/**
 * Runs `run` unless asked for help: on failure, one line saying what went wrong and a hint on
 * stderr (never a stack trace). Resolves to the exit code.
 */
export async function runPlainCommand(
  command: PlainCommand,
  argv: string[],
  terminal: Terminal,
  run: () => Promise<Failure | undefined>,
): Promise<number> {
  if (argv.length === 1 && ['--help', '-h'].includes(argv[0])) {
    terminal.stdout.write(`${command.usage}\n\n${command.help}`);
    return 0;
  }
  let failure: Failure | undefined;
  try {
    failure = await run();
  } catch (error) {
    failure =
      error instanceof command.Failure
        ? error
        : new command.Failure(
            `Unexpected error: ${error instanceof Error ? error.message : String(error)}`,
            command.unexpectedHint,
          );
  }
  if (!failure) return 0;
  terminal.stderr.write(
    `source-backlog ${command.name}: ${failure.message}\nhint: ${failure.hint}\n`,
  );
  return 1;
}
