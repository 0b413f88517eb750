import { render, renderDeep } from '../template.js';

// A mocked tool result: the row's `_toolResults` entry, else `workbench.toolResults`; text is
// templated with the row's variables, a YAML value has its strings templated and goes as JSON.

export type Mocks = Readonly<Record<string, unknown>>;

/** The result text for a call of `name`, or undefined when neither the row nor the prompt mocks it. */
export function mockResult(name: string, promptMocks: Mocks, rowMocks: Mocks | undefined, vars: Readonly<Record<string, unknown>>): string | undefined {
  const value = rowMocks && Object.hasOwn(rowMocks, name) ? rowMocks[name] : Object.hasOwn(promptMocks, name) ? promptMocks[name] : undefined;
  if (value === undefined) return undefined;
  if (typeof value === 'string') return render(value, vars);
  return JSON.stringify(renderDeep(value, vars)) ?? 'null';
}
