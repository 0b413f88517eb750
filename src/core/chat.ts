// The shapes of a chat conversation as the core sends and records it, independent of any provider.

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
  /**
   * Images attached to a user message (a row's `_images`), sent as `image_url` parts after the
   * text. Records keep the reference as written; the bytes of a local file go only into the request.
   */
  images?: ImageRef[];
}

/** An image a row attaches: a local path (relative to the row's file) or an https URL. */
export interface ImageRef {
  /** As the row wrote it. */
  ref: string;
  /** What is sent: the https URL, or a `data:` URL made from the local file right before sending. Never recorded. */
  url?: string;
}

/** One function call the model asked for. */
export interface ToolCall {
  id: string;
  name: string;
  /** The arguments as the model wrote them: JSON text, usually. */
  arguments: string;
}

/** An assistant turn that called tools (inside a tool loop). */
export interface ToolCallingMessage {
  role: 'assistant';
  content: string;
  toolCalls: ToolCall[];
}

/** A tool's result sent back to the model (inside a tool loop). */
export interface ToolResultMessage {
  role: 'tool';
  toolCallId: string;
  content: string;
}

/** Anything a request may carry: the prompt's messages, and inside a tool loop the calls and their results. */
export type RequestMessage = ChatMessage | ToolCallingMessage | ToolResultMessage;

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

/** A function the model may call: the Chat Completions `tools` entry. */
export interface ToolDefinition {
  type: 'function';
  function: {
    name: string;
    description?: string;
    /** A JSON Schema for the arguments. */
    parameters?: Record<string, unknown>;
    strict?: boolean;
  };
}

/** `tool_choice`: auto, none, required, or one function by name. */
export type ToolChoice = 'auto' | 'none' | 'required' | { function: string };
