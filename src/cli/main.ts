import pkg from '../../package.json' with { type: 'json' };
import { HELP, UsageError, parseCli } from './args.js';
import { evalCommand, EXIT } from './commands/eval.js';
import { estimateCommand } from './commands/estimate.js';
import { compareCommand } from './commands/compare.js';
import { mergeCommand } from './commands/merge.js';
import { commentCommand } from './commands/comment.js';
import { watchEval } from './commands/watch.js';
import { importCommand } from './commands/import.js';
import { generateCommand } from './commands/generate.js';
import { cancelCommand, resumeCommand } from './commands/batch.js';
import { processIo, type Io } from './io.js';

export async function main(argv: string[], io: Io): Promise<number> {
  try {
    const options = parseCli(argv);
    if (options.command === 'help') {
      io.out(HELP);
      return EXIT.ok;
    }
    if (options.command === 'version') {
      io.out(io.version);
      return EXIT.ok;
    }
    if (options.command === 'eval' && options.watch) return await watchEval(options, io);
    if (options.command === 'eval' && options.resume !== undefined) return await resumeCommand(options, io);
    const commands = {
      eval: evalCommand,
      cancel: cancelCommand,
      estimate: estimateCommand,
      compare: compareCommand,
      merge: mergeCommand,
      comment: commentCommand,
      import: importCommand,
      generate: generateCommand,
    };
    return await commands[options.command](options, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`error: ${error.message}\nRun "prompt-workbench --help" for usage.`);
      return EXIT.badInput;
    }
    // Unexpected: one clear line, the stack only when asked for.
    io.err(`error: ${(error as Error).message}`);
    if (io.env.PROMPT_WORKBENCH_DEBUG) io.err(String((error as Error).stack));
    return EXIT.badInput;
  }
}

export async function runCli(): Promise<void> {
  const code = await main(process.argv.slice(2), processIo(pkg.version));
  // Exit explicitly: idle keep-alive sockets would otherwise hold the process open for seconds.
  await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
  process.exit(code);
}
