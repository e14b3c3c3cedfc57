import type { RunResult } from './connector';

/** A JavaScript stack frame line, as `Error.stack` writes them. */
const STACK_FRAME = /^\s*at .+(\(|:\d+:\d+)/m;

interface ErrorTrace {
  message?: string;
  internal_message?: string;
  stack_trace?: string;
  failure_type?: string;
}

/**
 * Where a stack trace shows up that a person should not see: stdout lines that are not Airbyte
 * messages, a LOG or an ERROR trace's `message` holding stack frames (JSON escapes their newlines,
 * so a raw-text check of stdout cannot see them), or a config_error carrying a `stack_trace` (bad
 * input is explained by its message). A stack belongs in `stack_trace` of other errors only.
 */
export function misplacedStackTraces(result: RunResult): string[] {
  const problems: string[] = [];
  for (const line of result.stdout.split('\n').filter((text) => text.trim() !== '')) {
    try {
      JSON.parse(line);
    } catch {
      problems.push(`stdout line that is not a message: ${line.slice(0, 120)}`);
    }
  }
  for (const message of result.messages) {
    if (message.type === 'LOG' && STACK_FRAME.test(message.log?.message ?? '')) {
      problems.push(`LOG message with a stack: ${message.log!.message.slice(0, 120)}`);
    }
    const error = message.trace?.error as ErrorTrace | undefined;
    if (!error) continue;
    if (STACK_FRAME.test(error.message ?? '')) {
      problems.push(`ERROR trace message with a stack: ${error.message!.slice(0, 120)}`);
    }
    if (STACK_FRAME.test(error.internal_message ?? '')) {
      problems.push(`ERROR trace internal_message with a stack: ${error.internal_message}`);
    }
    if (error.failure_type === 'config_error' && error.stack_trace) {
      problems.push(`config_error with a stack_trace: ${error.message}`);
    }
  }
  return problems;
}
