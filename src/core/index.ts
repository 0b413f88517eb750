// The core's public surface for the CLI and the extension.
export * from './diagnostics.js';
export * from './template.js';
export * from './paths.js';
export * from './stats.js';
export * from './git.js';
export * from './cache.js';
export { parsePromptFile, type ParsedPrompt, type PromptFile } from './prompt/parse.js';
export { normaliseModelId, providerName, modelName } from './modelId.js';
export type { JsonSchemaSpec } from './chat.js';
export type { Evaluator, Message, ModelParameters } from './prompt/schema.js';
export { loadCases, parseDatasetText, DATASET_EXTENSIONS, sha256, type DatasetRef, type LoadedCases, type LoadOptions } from './dataset/load.js';
export { checkCases, createCaseChecker, requiredVars } from './dataset/check.js';
export { casesOf, openCaseStream, type CaseStream, type StreamOptions, type OpenedCases } from './dataset/stream.js';
export type { EvalCase, CaseSource } from './dataset/row.js';
export * from './workspace/index.js';
export { createProviderResolver, keyEnvFor, type ProviderResolver, type ProviderResolverOptions, type RouteDescription } from './providers/registry.js';
export { routeModel, githubModelId, GITHUB_PREFIX, type Route, type RouteFacts } from './providers/route.js';
export { routeLine } from './providers/routeText.js';
export { checkKeyDestination, parseHostEntry, splitHostList, ALLOW_HOSTS_ENV, LOOPBACK_HOSTS, type Credential } from './providers/keyDestination.js';
export { KNOWN_PROVIDERS, wellKnownKeyVariables } from './providers/knownProviders.js';
export { findGithubToken, githubTokenOnce, type GithubTokenSources } from './providers/githubToken.js';
export { systemGh, ghAuthToken, type GhCommand } from './providers/gh.js';
export type { FoundKey } from './providers/foundKey.js';
export { githubEndpoints, GITHUB_MODELS_BASE_URL } from './providers/githubEndpoints.js';
export { githubCatalog, type CatalogResult } from './providers/githubCatalog.js';
export { fetchCatalog, type CatalogModel } from './providers/catalog.js';
export { RequestError, type ChatProvider, type ChatMessage, type ChatRequest, type ChatReply, type Usage } from './providers/types.js';
export { BUNDLED_PRICING, pricingWith, priceFor, costOf, githubPriceNote, GITHUB_PRICE_NOTE, type PricingTable, type Price } from './tokens/pricing.js';
export { tokenizerFor, countChat, countChatFor, loadEncoder, type EncodingName } from './tokens/tokenizer.js';
export { caseCounter, estimateRun, type CaseCounter, type RunEstimate, type ModelEstimate } from './tokens/estimate.js';
export { caseMessages, renderMessages } from './conversation/caseMessages.js';
export { estimateJudges, defaultJudgeModel, judgeModelsOf, ASSUMED_JUDGE_OUTPUT_TOKENS, type JudgeEstimate, type JudgeModelEstimate } from './tokens/judgeEstimate.js';
export { estimateTotals, type EstimateTotals } from './tokens/estimateTotals.js';
export { runEval, InputError, runId, promptSlug, type RunInput, type RunSettings, type RunEvent, type RunProgress, type RequestLogEntry } from './runner.js';
export * from './record/types.js';
export {
  readRecord,
  recordPromptPath,
  parseRunRecord,
  parseRunRecordInSlices,
  isRunRecord,
  listRecordFiles,
  outputTokenHistory,
  tokenHistory,
  type TokenHistory,
  streamRecordLines,
  recordFromLines,
  RECORD_EXTENSIONS,
} from './record/read.js';
export { openRecordWriter, recordLines, writeRecordFile, recordPath, type RecordWriter } from './record/writer.js';
export { createSummaryAccumulator, type SummaryAccumulator } from './record/summary.js';
export { summarize, summarizeGroup, summarizeGroups } from './record/summary.js';
export { resultCost, summaryCost } from './record/resultCost.js';
export type { Verdict } from './evaluators/types.js';
export { preparePrompt, preparePromptText, type PreparedPrompt, type PrepareOptions } from './prepare.js';
export { parseLocatedYaml, type LocatedYaml } from './yamlPositions.js';
export { preparePromptStream, type StreamedPrompt } from './prepareStream.js';
export { checkPromptTextInline, preparePromptTextInline, type InlineCheck } from './prepareInline.js';
export { pairVersions, classify, sliceModel, type Change, type VersionPair } from './compare/pairs.js';
export { difference, ALPHA, type Difference, type PairedTest } from './compare/difference.js';
export { compareRuns, type Comparison, type ComparisonSide, type RunComparison } from './compare/comparison.js';
export { groupOf, groupGrid, caseModelKey, type ResultGroup } from './compare/resultGroup.js';
export { caseRepeats, summarizeRepeats, repeatsByModel, casesBelow, type CaseRepeats, type RepeatSummary } from './record/repeats.js';
export { caseGroups, caseGroupsOf, runCaseGroups, type CaseGroup } from './record/caseGroups.js';
export { caseCountOf } from './record/caseCount.js';
export { createResultKeeper, MAX_KEPT_RESULTS } from './record/keeper.js';
export { mergeRecords, versionMismatch, type MergeInput, type MergeOutcome } from './record/merge.js';
export { parseShard, shardOf, inShard, shardCases, shardStream, type Shard } from './shard.js';
export { gitTopLevel, resolveCommit, revisionReader, revisionProblem, type RevisionProblem } from './gitRevision.js';
export { recordFileName } from './record/writer.js';
export { codeModuleNames } from './evaluators/codeChecks.js';
export { callsOf, describeCall, trajectoryLines, type Trajectory, type ToolCallStep, type TrajectoryTurn, type TrajectoryEnd } from './tools/trajectory.js';
export { importRows, rowKey, seededSample, type ImportOptions, type ImportReport } from './importLog/importRows.js';
export type { LogProblem } from './importLog/loggedCall.js';
export { appendRows, type AppendOutcome } from './dataset/edit/appendRows.js';
export { existingRows, freshIds, type ExistingRows } from './dataset/edit/existingRows.js';
export { setRowFields, editableFormatOf, type FieldsEdit, type SetFieldsRequest, type EditableFormat } from './dataset/edit/rowEdits.js';
export type { TextEdit } from './dataset/edit/textEdit.js';
export { generateRows, generationMessages, validateRows, type GenerateRequest, type GeneratedRows } from './generate/generateRows.js';
export { summarizeReviews, latestReviews, reviewKey, type ReviewSummary, type JudgeAgreement } from './record/reviews.js';
export { appendReview, reviewOf } from './record/appendReview.js';
export { runBatchEval } from './batch/run.js';
export { collectBatchRun, cancelBatchRun, isPendingBatchRecord, type BatchSettings, type BatchPoll } from './batch/collect.js';
export { isTerminal as isBatchTerminal, type BatchJob, type BatchRunOptions } from './batch/types.js';
