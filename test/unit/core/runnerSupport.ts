// Re-exports for the runner tests, plus a default workspace config.
export * from '../../../src/core/index.js';
import { defaultConfig } from '../../../src/core/workspace/config.js';
export const defaultConfigForTests = defaultConfig;
