// What the CLI touches of the outside world, passed in so tests can run commands in-process.
export interface Io {
  cwd: string;
  env: NodeJS.ProcessEnv;
  version: string;
  out: (text: string) => void;
  err: (line: string) => void;
  stderr: NodeJS.WriteStream;
  /** Calls `handler` on Ctrl+C; returns a function that stops listening. */
  onInterrupt(handler: () => void): () => void;
}

export function processIo(version: string): Io {
  // `prompt-workbench … | head` closes the pipe early; that is not an error worth a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  return {
    cwd: process.cwd(),
    env: process.env,
    version,
    out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    stderr: process.stderr,
    onInterrupt(handler) {
      let interrupted = false;
      const listener = () => {
        // A second Ctrl+C means "now": the first lets in-flight requests stop and the record be written.
        if (interrupted) process.exit(130);
        interrupted = true;
        process.stderr.write('\nInterrupted – stopping requests and saving finished cases (Ctrl+C again to quit now)\n');
        handler();
      };
      process.on('SIGINT', listener);
      process.on('SIGTERM', listener);
      return () => {
        process.off('SIGINT', listener);
        process.off('SIGTERM', listener);
      };
    },
  };
}
