import type { Io } from '../../src/cli/io.js';

/** An in-process Io for CLI tests: stdout and stderr collected as text, no TTY, no signals. */
export function captureIo(cwd: string, env: NodeJS.ProcessEnv): Io & { stdout: string; stderrText: string } {
  const io = {
    cwd,
    env,
    version: '9.9.9',
    stdout: '',
    stderrText: '',
    out(text: string) {
      io.stdout += text.endsWith('\n') ? text : `${text}\n`;
    },
    err(line: string) {
      io.stderrText += `${line}\n`;
    },
    stderr: { isTTY: false, write: () => true } as unknown as NodeJS.WriteStream,
    onInterrupt: () => () => {},
  };
  return io;
}
