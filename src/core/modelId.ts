// Model ids are `provider/name`, as in GitHub Models. One place decides how a written id is read,
// so the CLI, the editor and the records agree on what "the same model" is.

export const DEFAULT_PROVIDER = 'openai';

/** `gpt-4o` → `openai/gpt-4o` (gh models accepts bare names for OpenAI models); surrounding spaces dropped. */
export function normaliseModelId(id: string): string {
  const trimmed = id.trim();
  return trimmed === '' || trimmed.includes('/') ? trimmed : `${DEFAULT_PROVIDER}/${trimmed}`;
}

/** The part before the first slash: `openai/gpt-4o` → `openai`. */
export function providerName(model: string): string {
  const slash = model.indexOf('/');
  return slash < 0 ? DEFAULT_PROVIDER : model.slice(0, slash);
}

/** The part after the first slash: `openai/gpt-4o` → `gpt-4o`. */
export function modelName(model: string): string {
  return model.slice(model.indexOf('/') + 1);
}
