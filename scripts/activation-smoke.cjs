// Loads an extension bundle with a stand-in `vscode` module and activates it, the way the packaging
// script checks a .vsix before it ships:
//   node scripts/activation-smoke.cjs <dist/extension.cjs> '<json array of contributed command ids>'
// Fails when activation throws or logs an error, when a contributed command is not registered, or
// when activation reads a file or loads a tokenizer encoding (activation must stay cheap). Prints
// the time to load (parse + evaluate) the bundle and to run activate().
'use strict';
const Module = require('node:module');
const fs = require('node:fs');
const path = require('node:path');

const [bundle, commandsJson] = process.argv.slice(2);
const contributed = JSON.parse(commandsJson ?? '[]');
const registered = [];
const logLines = [];
const fileReads = [];
const heavyLoads = [];

function stub() {
  const store = new Map();
  return new Proxy(function () {}, {
    get(_target, prop) {
      if (prop === Symbol.iterator) return function* () {};
      if (prop === Symbol.toPrimitive) return () => '';
      if (prop === 'then') return undefined;
      if (!store.has(prop)) store.set(prop, stub());
      return store.get(prop);
    },
    set(_target, prop, value) {
      store.set(prop, value);
      return true;
    },
    apply: () => stub(),
    construct: () => stub(),
  });
}

// A plain object (bundles copy the module's own properties) whose namespaces answer anything.
const API = ['window', 'workspace', 'commands', 'languages', 'tests', 'lm', 'env', 'extensions', 'Uri', 'Range', 'Position', 'Location', 'Diagnostic',
  'DiagnosticSeverity', 'Disposable', 'EventEmitter', 'ThemeColor', 'ThemeIcon', 'OverviewRulerLane', 'StatusBarAlignment', 'TestRunProfileKind', 'TestMessage',
  'MarkdownString', 'Hover', 'CodeLens', 'ProgressLocation', 'ConfigurationTarget', 'CancellationTokenSource', 'LanguageModelChatMessage', 'LanguageModelError',
  'FileSystemError', 'ViewColumn', 'TreeItem', 'TreeItemCollapsibleState'];
const vscode = Object.fromEntries(API.map((name) => [name, stub()]));
const channel = { info: (m) => logLines.push(['info', m]), warn: (m) => logLines.push(['warn', m]), error: (m) => logLines.push(['error', m]), show() {}, dispose() {} };
vscode.window.createOutputChannel = () => channel;
vscode.window.visibleTextEditors = [];
vscode.window.activeTextEditor = undefined;
vscode.workspace.isTrusted = true;
vscode.workspace.workspaceFolders = [];
vscode.workspace.textDocuments = [];
vscode.commands.registerCommand = (id) => {
  registered.push(id);
  return { dispose() {} };
};

const load = Module._load;
Module._load = function (request, parent, isMain) {
  if (request === 'vscode') return vscode;
  if (/encodings[\\/]/.test(request)) heavyLoads.push(request);
  return load.call(this, request, parent, isMain);
};

const started = performance.now();
const extension = require(path.resolve(bundle));
const loaded = performance.now();
// Reads after this point happen during activation.
for (const name of ['readFile', 'readFileSync', 'readdir', 'readdirSync']) {
  const original = fs[name];
  fs[name] = function (...args) {
    fileReads.push(`${name}(${args[0]})`);
    return original.apply(this, args);
  };
}
const promisesRead = fs.promises.readFile;
fs.promises.readFile = function (...args) {
  fileReads.push(`promises.readFile(${args[0]})`);
  return promisesRead.apply(this, args);
};
const context = { subscriptions: [], secrets: stub(), extension: { packageJSON: { version: '0.0.0-smoke' } }, extensionUri: stub(), extensionPath: path.dirname(bundle) };
extension.activate(context);
const activated = performance.now();

setTimeout(() => {
  const problems = [];
  const missing = contributed.filter((id) => !registered.includes(id));
  if (missing.length) problems.push(`commands not registered: ${missing.join(', ')}`);
  const errors = logLines.filter(([level]) => level === 'error');
  if (errors.length) problems.push(`errors logged: ${errors.map(([, m]) => m).join(' | ')}`);
  if (fileReads.length) problems.push(`activation read files: ${fileReads.join(', ')}`);
  if (heavyLoads.length) problems.push(`activation loaded tokenizer encodings: ${heavyLoads.join(', ')}`);
  console.log(`smoke: load ${(loaded - started).toFixed(1)} ms, activate ${(activated - loaded).toFixed(1)} ms, ${registered.length} commands, ${context.subscriptions.length} disposables`);
  for (const [level, m] of logLines) console.log(`smoke: log ${level}: ${m}`);
  if (problems.length) {
    for (const p of problems) console.error(`smoke: FAIL ${p}`);
    process.exit(1);
  }
  console.log('smoke: ok');
  process.exit(0);
}, 300);
