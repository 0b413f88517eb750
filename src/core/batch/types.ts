// What a run record keeps of the provider batches a batch run submitted: enough to pick the run up
// again from the record alone (another process, another day, another machine with the same key).

/** Case requests go in the first phase; LLM-judge requests, which need the cases' answers, in the second. */
export type BatchPhase = 'cases' | 'judges';

/** OpenAI's batch states (`batches.retrieve`). */
export type BatchJobStatus = 'validating' | 'in_progress' | 'finalizing' | 'completed' | 'failed' | 'expired' | 'cancelling' | 'cancelled';

export const TERMINAL_BATCH_STATUSES: readonly BatchJobStatus[] = ['completed', 'failed', 'expired', 'cancelled'];

export function isTerminal(status: BatchJobStatus): boolean {
  return TERMINAL_BATCH_STATUSES.includes(status);
}

export interface BatchCounts {
  completed: number;
  failed: number;
  total: number;
}

/** One provider batch: a record line is written when it is created and whenever its state changes. */
export interface BatchJob {
  /** The provider's batch id. */
  id: string;
  phase: BatchPhase;
  /** Every request in it is for this model (`provider/name`); a batch holds one model. */
  model: string;
  /** The provider's base URL (never a key): a resume refuses to ask another endpoint about it. */
  endpoint: string;
  inputFileId: string;
  requests: number;
  /**
   * The run's tasks it answers, as ordinals of the case-major task order (case × model × repeat):
   * [first, last]. A task is looked up only in the batches whose range holds it.
   */
  tasks: [number, number];
  status: BatchJobStatus;
  submittedAt: string;
  counts?: BatchCounts;
  outputFileId?: string;
  errorFileId?: string;
  /** When it reached a final state. */
  endedAt?: string;
  /** The provider's message when the batch failed as a whole (or could not be submitted). */
  message?: string;
  /** A judge batch: the case batch whose answers it judges. */
  source?: string;
}

/** How a record says it is a batch run (in `options.batch`). */
export interface BatchRunOptions {
  /** Where LLM-judge calls go: a second batch phase, or live requests. */
  judges: 'batch' | 'live';
  /** The models answered through their provider's batch API; the run's other models ran live. */
  models: string[];
}

/** The batch state of a record, folded from its batch lines. */
export interface RecordBatch {
  /** Set once every case line is written, before any batch is created: a resume can rebuild the tasks. */
  casesRecorded?: number;
  /** The latest state of each batch, in submission order. */
  jobs: BatchJob[];
}
