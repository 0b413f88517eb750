import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { appendRows, createProviderResolver, existingRows, freshIds, generateRows, githubTokenOnce, parsePromptFile, requiredVars, rowKey, RequestError, type ParsedPrompt } from '../../core/index.js';
import type { CliOptions } from '../args.js';
import type { Io } from '../io.js';
import { plural } from '../output/format.js';
import { openTargets, printDiagnostics } from '../workspace.js';
import { EXIT } from './eval.js';
import { readTextIfAny, refuse } from './datasetFiles.js';

// `prompt-workbench generate <file.prompt.yml> --count N`: a model writes N new rows for the
// prompt, checked against its variables, appended to its dataset with fresh `_id`s.

export async function generateCommand(options: CliOptions, io: Io): Promise<number> {
  const opened = await openTargets(options, io);
  if (!opened) return EXIT.badInput;
  const file = opened.files[0];
  const session = await opened.sessions.forFile(file);
  const parsed = parsePromptFile(await readFile(file, 'utf8'), file);
  if (!parsed.prompt) {
    printDiagnostics(parsed.diagnostics, io.cwd, io.err);
    return refuse(io, `${path.relative(io.cwd, file)} has errors; fix them first`);
  }
  const variables = requiredVars(parsed).filter((v) => v !== 'expected');
  if (!variables.length) return refuse(io, `${path.relative(io.cwd, file)} has no {{variables}}: there is nothing for new rows to fill`);
  const model = options.model ?? parsed.prompt.judgeModel ?? parsed.prompt.model;
  if (!model) return refuse(io, 'no model to write the rows: pass --model <publisher/name>');
  const output = options.output ? path.resolve(io.cwd, options.output) : defaultOutput(parsed);
  const before = output === file ? parsed.text : await readTextIfAny(output);
  const existing = existingRows(before, output);
  // The prompt's own rows count too when the new ones go to a dataset file.
  for (const row of parsed.prompt.testData) existing.keys.add(rowKey(row));
  const providers = createProviderResolver({ config: session.config, env: io.env, allowHosts: options.allowHosts, githubToken: githubTokenOnce({ env: io.env }) });
  let generated;
  try {
    generated = await generateRows(await providers.get(model), {
      model,
      messages: parsed.prompt.messages,
      variables,
      count: options.count!,
      examples: parsed.prompt.testData,
      existing: existing.keys,
      timeoutMs: session.config.timeoutMs,
      maxRetries: session.config.maxRetries,
    });
  } catch (error) {
    return refuse(io, `${model}: ${error instanceof RequestError ? error.info.message : (error as Error).message}`);
  }
  for (const reason of generated.rejected) io.err(`note: left out: ${reason}`);
  const ids = freshIds(generated.rows.length, existing.ids, 'generated');
  const rows = generated.rows.map((row, i) => ({ _id: ids[i], ...row }));
  const appended = appendRows(before, output, rows);
  if (!appended.ok) return refuse(io, appended.error);
  if (rows.length) await writeFile(output, appended.text);
  if (options.json) io.out(JSON.stringify({ output: path.relative(io.cwd, output), model, rows, rejected: generated.rejected }, null, 2));
  else io.out(`Added ${plural(rows.length, 'row')} from ${model} to ${path.relative(io.cwd, output)}${rows.length < options.count! ? ` (asked for ${options.count})` : ''}.`);
  return rows.length ? EXIT.ok : EXIT.failed;
}

/** The prompt's first dataset file, else the prompt file itself (its testData). */
function defaultOutput(parsed: ParsedPrompt): string {
  const first = parsed.prompt?.datasets[0];
  return first ? path.resolve(path.dirname(parsed.file), first) : parsed.file;
}
