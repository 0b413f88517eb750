import { isMap, isPair, isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
import type { Diagnostic, Range, Severity } from '../diagnostics.js';
import { hasErrors } from '../diagnostics.js';
import type { LineGap } from '../lineIndex.js';
import { parseLocatedYaml, type LocatedYaml, type PathSegment } from '../yamlPositions.js';
import { closest } from '../suggest.js';
import { findPlaceholders } from '../template.js';
import { compileSchema } from '../evaluators/jsonSchema.js';
import { checkEvaluator, codePaths, EVALUATOR_KEYS, kindOf } from '../evaluators/registry.js';
import { CODE_NOT_ALLOWED } from '../evaluators/codeModule.js';
import type { JsonSchemaSpec, ToolChoice, ToolDefinition } from '../chat.js';
import { checkTools } from '../tools/checks.js';
import { DEFAULT_MAX_TURNS, TOOL_CHOICE_WORDS } from '../tools/schema.js';
import { normaliseModelId } from '../modelId.js';
import { formatPath, issueMessage, valueAt } from './issues.js';
import { applyGhLenience, applyStrictness } from './ghLenience.js';
import { placeholderRange } from './placeholderRange.js';
import { foldYamlErrors } from '../yamlExplain.js';
import { KNOWN_KEYS, promptFileSchema, type Evaluator, type Message, type ModelParameters, type PromptFileData } from './schema.js';

/** A validated prompt file, normalised for the runner. */
export interface PromptFile {
  name?: string;
  description?: string;
  /** The primary model, always `provider/name`. */
  model?: string;
  /** Models a run covers: the primary model, then `workbench.models`, without duplicates. */
  models: string[];
  modelParameters: ModelParameters;
  responseFormat?: 'text' | 'json_object' | 'json_schema';
  jsonSchema?: JsonSchemaSpec;
  messages: Message[];
  testData: Record<string, unknown>[];
  /** gh evaluators followed by `workbench.evaluators`. */
  evaluators: Evaluator[];
  /** Dataset files referenced by `workbench.dataset`, as written (relative to the prompt file). */
  datasets: string[];
  judgeModel?: string;
  repeat?: number;
  /** gh's leniencies are errors (`workbench.strict`, `--strict`). */
  strict: boolean;
  /** How judge replies pick a choice. */
  judgeParsing: 'workbench' | 'gh';
  /** `workbench.threshold`: a case passes when its weighted score reaches it (else: every evaluator must pass). */
  threshold?: number;
  /** `workbench.tools`: given inline, or read from `toolsFile` as the prompt is prepared. */
  tools?: ToolDefinition[];
  /** `workbench.tools` as a file path (relative to the prompt file), as written. */
  toolsFile?: string;
  toolChoice?: ToolChoice;
  /** `workbench.toolResults`: mocked results by tool name (a row's `_toolResults` overrides them). */
  toolResults: Record<string, unknown>;
  /** `workbench.maxTurns`: most model requests in a case's tool loop. */
  maxTurns: number;
}

export interface ParsedPrompt {
  file: string;
  text: string;
  yaml: LocatedYaml;
  /** Present when the file has no errors. */
  prompt?: PromptFile;
  /** The raw data even when it has errors, for best-effort features (CodeLens on a half-typed file). */
  data?: Record<string, unknown>;
  diagnostics: Diagnostic[];
}

export interface ParseOptions {
  /** Read strictly whatever the file says (the CLI's --strict, prompt-workbench.yml's strict). */
  strict?: boolean;
  /** Code evaluators (`javascript`) may run: a trusted workspace, the CLI's --allow-code. Default: refused. */
  allowCode?: boolean;
  /** Lines left out of `text` (inline rows read apart, prompt/testDataBlock.ts): positions are still the whole file's. */
  lineGap?: LineGap;
}

export function parsePromptFile(text: string, file: string, options: ParseOptions = {}): ParsedPrompt {
  const template = templateHeader(text, file);
  const yaml = parseLocatedYaml(template ? '' : text, template ? undefined : options.lineGap);
  const diagnostics = template ? [template] : foldedSyntaxErrors(text, yaml.syntaxErrors(file));
  const parsed: ParsedPrompt = { file, text, yaml, diagnostics };
  if (hasErrors(diagnostics)) return parsed;

  const js = yaml.toJS(file);
  if (!js.ok) {
    diagnostics.push(js.diagnostic);
    return parsed;
  }
  const data = js.value;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    diagnostics.push(at(file, yaml.rangeOf([]), 'error', 'a prompt file must be a YAML mapping with at least "messages"', 'prompt/not-a-mapping'));
    return parsed;
  }
  parsed.data = data as Record<string, unknown>;

  const lenient = applyGhLenience(parsed.data, yaml, file);
  diagnostics.push(...lenient.diagnostics);
  const result = promptFileSchema.safeParse(lenient.data);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const path = issue.path as PathSegment[];
      const range = valueIsMissing(lenient.data, path) ? yaml.keyRangeOf(path.slice(0, -1)) : wrongShape(issue, lenient.data, path) ? yaml.keyRangeOf(path) : yaml.rangeOf(path);
      diagnostics.push(at(file, range, 'error', issueMessage(issue, lenient.data), `schema/${issue.code}`));
    }
  }
  diagnostics.push(...unknownKeyWarnings(yaml, file));
  const strict = options.strict === true || (lenient.data.workbench as Record<string, unknown> | undefined)?.strict === true;
  if (!result.success) {
    applyStrictness(diagnostics, strict);
    return parsed;
  }

  // zod rebuilds records by assignment, which drops a "__proto__" key: rows are taken as read.
  const rows = (lenient.data.testData as Record<string, unknown>[] | undefined) ?? [];
  const prompt = normalise({ ...result.data, testData: rows }, yaml, file, diagnostics, strict);
  diagnostics.push(...lintPrompt(result.data, yaml, file, options.allowCode === true));
  diagnostics.push(...checkTools(prompt, yaml, file));
  applyStrictness(diagnostics, prompt.strict);
  if (!hasErrors(diagnostics)) parsed.prompt = prompt;
  return parsed;
}

/** One YAML mistake, one error: the first, in plain words; warnings stay as they are. */
function foldedSyntaxErrors(text: string, diagnostics: Diagnostic[]): Diagnostic[] {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  return [...foldYamlErrors(text, errors), ...diagnostics.filter((d) => d.severity !== 'error')];
}

/**
 * A file that starts with Jinja or Liquid syntax (`{% … %}`, `{# … #}`) is a template for some other
 * tool, not YAML: one clear error instead of a hundred YAML ones.
 */
function templateHeader(text: string, file: string): Diagnostic | undefined {
  const lines = text.split('\n');
  const index = lines.findIndex((line) => line.trim() !== '' && !line.trimStart().startsWith('#'));
  if (index < 0 || !/^\s*\{[%#]/.test(lines[index])) return undefined;
  return at(
    file,
    { start: { line: index, column: 0 }, end: { line: index, column: lines[index].length } },
    'error',
    'this file starts with template syntax ({% … %} or {# … #}), which gh models and Prompt Workbench do not run: a .prompt.yml is plain YAML with {{variable}} placeholders',
    'prompt/template-syntax',
  );
}

function at(file: string, range: Range, severity: Severity, message: string, code: string): Diagnostic {
  return { file, range, severity, message, code };
}

/** A mapping or list where text or a number belongs: point at its key, not at the first line inside it. */
function wrongShape(issue: { code: string }, root: unknown, path: readonly PathSegment[]): boolean {
  const value = valueAt(root, path);
  return issue.code === 'invalid_type' && value !== null && typeof value === 'object' && typeof path[path.length - 1] === 'string';
}

function valueIsMissing(root: unknown, path: readonly PathSegment[]): boolean {
  let node = root;
  for (const seg of path) {
    if (node === null || typeof node !== 'object') return true;
    node = (node as Record<string | number, unknown>)[seg as string];
  }
  return node === undefined;
}

function normalise(data: PromptFileData, yaml: LocatedYaml, file: string, diagnostics: Diagnostic[], strict: boolean): PromptFile {
  // A missing model is decided when the run's models are known: --models or the editor's default
  // models may supply them (core/workspace/blocking.ts).
  const model = data.model ? normaliseModelId(data.model) : undefined;
  const models = [...new Set([...(model ? [model] : []), ...(data.workbench?.models ?? []).map(normaliseModelId)])];
  const dataset = data.workbench?.dataset;
  return {
    name: data.name,
    description: data.description,
    model,
    models,
    modelParameters: data.modelParameters ?? {},
    responseFormat: data.responseFormat,
    jsonSchema: readJsonSchema(data, yaml, file, diagnostics),
    messages: data.messages,
    testData: data.testData ?? [],
    evaluators: [...(data.evaluators ?? []), ...(data.workbench?.evaluators ?? [])],
    datasets: dataset === undefined ? [] : Array.isArray(dataset) ? dataset : [dataset],
    judgeModel: data.workbench?.judgeModel ? normaliseModelId(data.workbench.judgeModel) : undefined,
    repeat: data.workbench?.repeat,
    strict,
    judgeParsing: data.workbench?.judgeParsing ?? 'workbench',
    threshold: data.workbench?.threshold,
    ...toolSettings(data.workbench),
  };
}

function toolSettings(workbench: PromptFileData['workbench']): Pick<PromptFile, 'tools' | 'toolsFile' | 'toolChoice' | 'toolResults' | 'maxTurns'> {
  const tools = workbench?.tools;
  const choice = workbench?.toolChoice;
  return {
    ...(typeof tools === 'string' ? { toolsFile: tools } : tools ? { tools: tools } : {}),
    ...(choice === undefined ? {} : { toolChoice: (TOOL_CHOICE_WORDS as readonly string[]).includes(choice) ? (choice as ToolChoice) : { function: choice } }),
    toolResults: workbench?.toolResults ?? {},
    maxTurns: workbench?.maxTurns ?? DEFAULT_MAX_TURNS,
  };
}

function readJsonSchema(data: PromptFileData, yaml: LocatedYaml, file: string, diagnostics: Diagnostic[]): JsonSchemaSpec | undefined {
  const raw = data.jsonSchema;
  if (data.responseFormat === 'json_schema' && raw === undefined) {
    diagnostics.push(at(file, yaml.keyRangeOf(['responseFormat']), 'error', 'jsonSchema is required when responseFormat is json_schema', 'prompt/json-schema-missing'));
    return undefined;
  }
  if (raw === undefined) return undefined;
  let spec: unknown = raw;
  if (typeof raw === 'string') {
    try {
      spec = JSON.parse(raw);
    } catch (error) {
      diagnostics.push(at(file, jsonErrorRange(yaml, raw, error as Error), 'error', `jsonSchema is not valid JSON: ${(error as Error).message}`, 'prompt/json-schema-syntax'));
      return undefined;
    }
  } else {
    diagnostics.push(
      at(
        file,
        yaml.keyRangeOf(['jsonSchema']),
        'warning',
        'gh models only accepts jsonSchema as a JSON string (use "jsonSchema: |" and write JSON) – this file will not run there',
        'portability/json-schema-object',
      ),
    );
  }
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) {
    diagnostics.push(at(file, yaml.rangeOf(['jsonSchema']), 'error', 'jsonSchema must be a JSON object with "name" and "schema"', 'prompt/json-schema-shape'));
    return undefined;
  }
  const { name, schema, strict, description } = spec as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof name !== 'string' || !name) problems.push('jsonSchema must contain a "name" (text)');
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) problems.push('jsonSchema must contain a "schema" object');
  // gh models checks name and schema only for responseFormat: json_schema; otherwise the schema is not used.
  const severity = data.responseFormat === 'json_schema' ? 'error' : 'warning';
  for (const problem of problems) diagnostics.push(at(file, yaml.rangeOf(['jsonSchema']), severity, problem, 'prompt/json-schema-shape'));
  if (problems.length) return undefined;
  const compiled = compileSchema(schema);
  if (!compiled.ok) {
    // The API, not gh models, judges the schema; outputs just cannot be checked against it here.
    diagnostics.push(at(file, yaml.rangeOf(['jsonSchema']), 'warning', `jsonSchema.schema does not compile, so outputs cannot be checked against it: ${compiled.error}`, 'prompt/json-schema-invalid'));
  }
  return { name: name as string, schema: schema as Record<string, unknown>, strict: strict === true ? true : undefined, description: typeof description === 'string' ? description : undefined };
}

/** Maps JSON.parse's error position inside a block scalar back to the YAML file. */
function jsonErrorRange(yaml: LocatedYaml, raw: string, error: Error): Range {
  const valueRange = yaml.rangeOf(['jsonSchema']);
  const node = yaml.doc.get('jsonSchema', true) as Node | undefined;
  const isBlock = isScalar(node) && (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED');
  const at = jsonErrorLocation(raw, error.message);
  if (!at || !isBlock) return valueRange;
  const yamlLine = valueRange.start.line + 1 + at.line;
  const lineLength = (raw.split('\n')[at.line] ?? '').length;
  // The block's indentation: what the YAML line has beyond the JSON line's own text.
  const indent = Math.max(0, yaml.lineText(yamlLine).length - lineLength);
  return { start: { line: yamlLine, column: indent + at.column }, end: { line: yamlLine, column: indent + lineLength } };
}

/** 0-based line and column of a JSON.parse error, from "(line L column C)" or "position N". */
export function jsonErrorLocation(raw: string, message: string): { line: number; column: number } | undefined {
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  if (lineColumn) return { line: Number(lineColumn[1]) - 1, column: Number(lineColumn[2]) - 1 };
  const position = /position (\d+)/.exec(message);
  if (!position) return undefined;
  const offset = Math.min(Number(position[1]), raw.length);
  const before = raw.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, column: offset - (before.lastIndexOf('\n') + 1) };
}

/** Warnings that need the validated data: portability, placeholders gh models would not replace. */
function lintPrompt(data: PromptFileData, yaml: LocatedYaml, file: string, allowCode: boolean): Diagnostic[] {
  const out: Diagnostic[] = [];
  data.messages.forEach((message, i) => {
    for (const p of findPlaceholders(message.content)) {
      if (p.name.trim() === p.name && p.name.trim() !== '') continue;
      const range = placeholderRange(yaml, ['messages', i, 'content'], message.content, p);
      out.push(at(file, range, 'warning', `"{{${p.name}}}" has spaces inside the braces, so gh models leaves it as text; write "{{${p.name.trim()}}}" to fill it in`, 'template/spaced-placeholder'));
    }
  });
  (data.evaluators ?? []).forEach((evaluator, i) => {
    const kind = kindOf(evaluator);
    if (kind.gh) return;
    out.push(
      at(
        file,
        yaml.keyRangeOf(['evaluators', i, kind.key]),
        'warning',
        `gh models does not know "${kind.key}" evaluators and will refuse this file; move it under workbench.evaluators to keep the file portable`,
        'portability/evaluator',
      ),
    );
  });
  const allEvaluators: [Evaluator, PathSegment[]][] = [
    ...(data.evaluators ?? []).map((e, i): [Evaluator, PathSegment[]] => [e, ['evaluators', i]]),
    ...(data.workbench?.evaluators ?? []).map((e, i): [Evaluator, PathSegment[]] => [e, ['workbench', 'evaluators', i]]),
  ];
  for (const [evaluator, path] of allEvaluators) out.push(...lintEvaluator(evaluator, path, yaml, file, allowCode));
  return out;
}

function lintEvaluator(evaluator: Evaluator, path: PathSegment[], yaml: LocatedYaml, file: string, allowCode: boolean): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (!allowCode) {
    for (const where of codePaths(evaluator)) {
      out.push(at(file, yaml.keyRangeOf([...path, ...where]), 'error', `${where[where.length - 1]} evaluator refused: ${CODE_NOT_ALLOWED}`, 'evaluator/code-not-allowed'));
    }
  }
  const problem = checkEvaluator(evaluator);
  if (problem?.key === 'uses') {
    // gh models runs the file and fails just this evaluator ("Plugin evaluator … not found").
    out.push(at(file, yaml.rangeOf([...path, 'uses']), 'warning', `${problem.message}; it fails on every case, as in gh models`, 'gh/unknown-uses'));
  } else if (problem) {
    out.push(at(file, yaml.rangeOf([...path, problem.key]), 'error', problem.message, `evaluator/invalid-${problem.key}`));
  }
  if (evaluator.string) {
    const given = (['equals', 'contains', 'startsWith', 'endsWith'] as const).filter((k) => evaluator.string?.[k] !== undefined);
    if (given.length > 1) {
      out.push(
        at(
          file,
          yaml.keyRangeOf([...path, 'string']),
          'warning',
          `gh models checks only the first of ${given.join(', ')} (${given[0]}); split them into separate evaluators`,
          'evaluator/string-multiple',
        ),
      );
    }
  }
  return out;
}

/** Names other tools use for the same thing: a sure hint where edit distance finds none. */
const KNOWN_ALIASES: Record<string, Record<string, string>> = {
  root: {
    temperature: 'modelParameters.temperature',
    maxTokens: 'modelParameters.maxTokens',
    max_tokens: 'modelParameters.maxTokens',
    topP: 'modelParameters.topP',
    top_p: 'modelParameters.topP',
    system_prompt: 'messages (a "- role: system" entry)',
    systemPrompt: 'messages (a "- role: system" entry)',
    user_prompt: 'messages (a "- role: user" entry)',
    prompt: 'messages',
    prompts: 'messages',
    test_data: 'testData',
    tests: 'testData',
  },
  modelParameters: {
    maxCompletionTokens: 'maxTokens',
    max_completion_tokens: 'maxTokens',
    max_tokens: 'maxTokens',
    top_p: 'topP',
    frequency_penalty: 'frequencyPenalty',
    presence_penalty: 'presencePenalty',
  },
};

/** Unknown keys are ignored by gh models, so they are warnings here – with a suggestion for typos. */
function unknownKeyWarnings(yaml: LocatedYaml, file: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const check = (node: unknown, known: readonly string[], path: PathSegment[], what: string) => {
    if (!isMap(node)) return;
    for (const pair of node.items) {
      if (!isPair(pair) || !isScalar(pair.key)) continue;
      const key = String(pair.key.value);
      // `<<` merges another mapping in (YAML merge keys, which gh's Go YAML library reads too).
      if (known.includes(key) || key === '<<') continue;
      const hint = KNOWN_ALIASES[path.length === 0 ? 'root' : String(path[0])]?.[key] ?? closest(key, known);
      out.push(at(file, yaml.keyRangeOf([...path, key]), 'warning', `unknown key "${key}" in ${what} is ignored${hint ? ` – did you mean "${hint}"?` : ''}`, 'schema/unknown-key'));
    }
  };
  const root = yaml.doc.contents;
  check(root, KNOWN_KEYS.root, [], 'the prompt file');
  if (!isMap(root)) return out;
  const child = (key: string) => root.get(key, true);
  check(child('modelParameters'), KNOWN_KEYS.modelParameters, ['modelParameters'], 'modelParameters');
  check(child('workbench'), KNOWN_KEYS.workbench, ['workbench'], 'workbench');
  const messages = child('messages');
  if (isSeq(messages)) messages.items.forEach((m, i) => check(m, KNOWN_KEYS.message, ['messages', i], `messages[${i}]`));
  const evaluatorLists: [unknown, PathSegment[]][] = [[child('evaluators'), ['evaluators']]];
  const workbench = child('workbench');
  if (isMap(workbench)) evaluatorLists.push([workbench.get('evaluators', true), ['workbench', 'evaluators']]);
  // The kind's own keys, and inside `not:` a body of its own (kind keys only; no name).
  const checkBody = (item: YAMLMap, path: PathSegment[], where: string): void => {
    check(item.get('string', true), KNOWN_KEYS.string, [...path, 'string'], `${where}.string`);
    check(item.get('llm', true), KNOWN_KEYS.llm, [...path, 'llm'], `${where}.llm`);
    const inner = item.get('not', true);
    if (!isMap(inner)) return;
    check(inner, EVALUATOR_KEYS, [...path, 'not'], `${where}.not`);
    checkBody(inner, [...path, 'not'], `${where}.not`);
  };
  for (const [list, path] of evaluatorLists) {
    if (!isSeq(list)) continue;
    list.items.forEach((item, i) => {
      const where = formatPath([...path, i]);
      check(item, KNOWN_KEYS.evaluator, [...path, i], where);
      if (!isMap(item)) return;
      checkBody(item, [...path, i], where);
    });
  }
  return out;
}
