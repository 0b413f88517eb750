// A stand-in for the `vscode` module that counts what an extension creates and disposes: every
// registration, watcher, event subscription, emitter and UI item is a tracked resource. Anything
// the extension asks for that is not spelled out here is a harmless stub, so activation runs
// through; the deactivation test then checks that disposing context.subscriptions disposed
// every resource activation created.

export interface Resource {
  kind: string;
  disposed: boolean;
}

export function countingVscode() {
  const resources: Resource[] = [];
  const track = <T extends object>(kind: string, extra: T = {} as T): T & { dispose(): void } => {
    const resource: Resource = { kind, disposed: false };
    resources.push(resource);
    return Object.assign(extra, { dispose: () => void (resource.disposed = true) });
  };
  const event = (kind: string) => () => track(`subscription:${kind}`);
  /** An object whose every property is a stub, and whose `on…`/`create…`/`register…` calls are tracked. */
  const namespace = (name: string, known: Record<string, unknown> = {}): Record<string, unknown> =>
    new Proxy(known, {
      get(target, key) {
        if (typeof key !== 'string') return undefined;
        if (key in target) return target[key];
        if (key.startsWith('onDid') || key.startsWith('onWill')) return event(`${name}.${key}`);
        if (key.startsWith('register') || key.startsWith('create')) return () => track(`${name}.${key}`, stubObject(`${name}.${key}`));
        return () => Promise.resolve(undefined);
      },
    });
  const stubObject = (kind: string): Record<string, unknown> => namespace(kind, {});

  class EventEmitter {
    private resource = track('EventEmitter');
    event = event('EventEmitter');
    fire(): void {}
    dispose(): void {
      this.resource.dispose();
    }
  }
  class Disposable {
    constructor(private readonly callOnDispose: () => unknown) {}
    static from(...items: { dispose(): unknown }[]) {
      return new Disposable(() => items.forEach((i) => i.dispose()));
    }
    dispose(): void {
      this.callOnDispose();
    }
  }
  class Plain {
    constructor(..._args: unknown[]) {}
  }
  const configuration = { get: (_key: string, fallback?: unknown) => fallback, inspect: () => undefined, update: () => Promise.resolve() };
  const vscode = {
    EventEmitter,
    Disposable,
    Uri: {
      file: (fsPath: string) => ({ fsPath, path: fsPath, scheme: 'file', toString: () => `file://${fsPath}` }),
      joinPath: (base: { fsPath: string }, ...parts: string[]) => ({ fsPath: [base.fsPath, ...parts].join('/') }),
      parse: (s: string) => ({ fsPath: s, toString: () => s }),
    },
    Range: Plain,
    Position: Plain,
    Location: Plain,
    Hover: Plain,
    CodeLens: Plain,
    Diagnostic: Plain,
    MarkdownString: Plain,
    ThemeColor: Plain,
    TestMessage: Plain,
    RelativePattern: Plain,
    CancellationTokenSource: class {
      token = { isCancellationRequested: false, onCancellationRequested: event('CancellationToken') };
      cancel(): void {}
      dispose(): void {}
    },
    ViewColumn: { One: 1, Two: 2, Beside: -2 },
    StatusBarAlignment: { Left: 1, Right: 2 },
    DiagnosticSeverity: { Error: 0, Warning: 1, Information: 2, Hint: 3 },
    TestRunProfileKind: { Run: 1, Debug: 2, Coverage: 3 },
    ProgressLocation: { Notification: 15, Window: 10 },
    OverviewRulerLane: { Left: 1, Center: 2, Right: 4, Full: 7 },
    DecorationRangeBehavior: { ClosedClosed: 1 },
    ConfigurationTarget: { Global: 1, Workspace: 2, WorkspaceFolder: 3 },
    FileType: { File: 1, Directory: 2 },
    window: namespace('window', {
      createOutputChannel: () => track('window.createOutputChannel', { info() {}, warn() {}, error() {}, appendLine() {}, show() {} }),
      visibleTextEditors: [],
      activeTextEditor: undefined,
    }),
    workspace: namespace('workspace', {
      workspaceFolders: [],
      textDocuments: [],
      isTrusted: true,
      getConfiguration: () => configuration,
      getWorkspaceFolder: () => undefined,
      createFileSystemWatcher: () =>
        track('workspace.createFileSystemWatcher', { onDidChange: event('watcher.onDidChange'), onDidCreate: event('watcher.onDidCreate'), onDidDelete: event('watcher.onDidDelete') }),
      findFiles: () => Promise.resolve([]),
      fs: namespace('workspace.fs'),
    }),
    languages: namespace('languages', {
      createDiagnosticCollection: () => track('languages.createDiagnosticCollection', { set() {}, delete() {}, clear() {} }),
    }),
    commands: namespace('commands', { executeCommand: () => Promise.resolve(undefined) }),
    tests: namespace('tests', {
      createTestController: () =>
        track('tests.createTestController', {
          items: { replace() {}, add() {}, delete() {}, get() {}, forEach() {}, size: 0 },
          createRunProfile: () => track('TestController.createRunProfile', {}),
          createTestItem: () => ({ children: { replace() {}, add() {} } }),
        }),
    }),
    lm: namespace('lm', { selectChatModels: () => Promise.resolve([]) }),
    env: namespace('env'),
  };
  return { vscode, resources };
}
