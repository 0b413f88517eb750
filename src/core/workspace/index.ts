// The workspace session: config, overrides, records folder, paths, what blocks a run, run
// settings and estimates – one owner for the CLI, the editor and the webview commands.
export * from './config.js';
export * from './locate.js';
export * from './overrides.js';
export * from './session.js';
export * from './sessions.js';
export * from './blocking.js';
export * from './runSettings.js';
export * from './records.js';
export * from './estimate.js';
export * from './gitIgnore.js';
