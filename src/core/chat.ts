// The shapes of a chat conversation as the core sends and records it, independent of any provider.

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface Usage {
  inputTokens: number;
  outputTokens: number;
  /** Input tokens the provider served from its prompt cache (billed at the cached-input price). */
  cachedInputTokens: number;
}

/** A prompt's `jsonSchema`: the structured-output schema sent as `response_format`. */
export interface JsonSchemaSpec {
  name: string;
  schema: Record<string, unknown>;
  strict?: boolean;
  description?: string;
}
