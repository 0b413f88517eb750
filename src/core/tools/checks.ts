import type { Diagnostic, Severity } from '../diagnostics.js';
import type { ToolChoice, ToolDefinition } from '../chat.js';
import { compileSchema } from '../evaluators/jsonSchema.js';
import { closest } from '../suggest.js';
import type { LocatedYaml, PathSegment } from '../yamlPositions.js';

// What can be wrong between `workbench.tools` and its companions once the definitions are known
// (inline, or loaded from their file): a name defined twice, a toolChoice or mock naming no tool,
// an arguments schema that does not compile.

/** The tool settings of a prompt file (see PromptFile). */
export interface ToolSettings {
  tools?: ToolDefinition[];
  toolsFile?: string;
  toolChoice?: ToolChoice;
  toolResults: Record<string, unknown>;
}

export function checkTools(prompt: ToolSettings, yaml: LocatedYaml, file: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const at = (path: PathSegment[], severity: Severity, message: string, code: string, key = false) =>
    out.push({ file, range: key ? yaml.keyRangeOf(path) : yaml.rangeOf(path), severity, message, code });
  const tools = prompt.tools;
  const inline = !prompt.toolsFile;
  const names = (tools ?? []).map((t) => t.function.name);
  if (!tools) {
    if (prompt.toolChoice !== undefined && !prompt.toolsFile) at(['workbench', 'toolChoice'], 'error', 'toolChoice needs workbench.tools', 'tools/choice-without-tools');
    for (const name of Object.keys(prompt.toolResults)) {
      if (!prompt.toolsFile) at(['workbench', 'toolResults', name], 'warning', `toolResults.${name} is never used: workbench.tools defines no tools`, 'tools/unused-mock', true);
    }
    return out;
  }
  tools.forEach((tool, i) => {
    const where: PathSegment[] = inline ? ['workbench', 'tools', i, 'function'] : ['workbench', 'tools'];
    if (names.indexOf(tool.function.name) !== i) at(inline ? [...where, 'name'] : where, 'error', `the tool "${tool.function.name}" is defined twice`, 'tools/duplicate');
    if (tool.function.parameters === undefined) return;
    const compiled = compileSchema(tool.function.parameters);
    if (!compiled.ok) at(inline ? [...where, 'parameters'] : where, 'warning', `${tool.function.name}: parameters is not a valid JSON Schema: ${compiled.error}`, 'tools/invalid-parameters');
  });
  const choice = prompt.toolChoice;
  if (choice && typeof choice === 'object' && !names.includes(choice.function)) {
    const hint = closest(choice.function, names);
    at(['workbench', 'toolChoice'], 'error', `toolChoice "${choice.function}" is not one of the tools (${names.join(', ')})${hint ? ` – did you mean "${hint}"?` : ''}`, 'tools/unknown-choice');
  }
  for (const name of Object.keys(prompt.toolResults)) {
    if (names.includes(name)) continue;
    const hint = closest(name, names);
    at(['workbench', 'toolResults', name], 'warning', `toolResults.${name} mocks no tool (defined: ${names.join(', ')})${hint ? ` – did you mean "${hint}"?` : ''}`, 'tools/unknown-mock', true);
  }
  return out;
}
