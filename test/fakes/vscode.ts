// A small stand-in for the parts of the `vscode` API that src/extension uses, enough to
// run its providers and services in Node. test/fakes/register-vscode.ts makes
// `import 'vscode'` resolve here. Tests drive it through `fake`.

export class Disposable {
  static from(...items: { dispose(): unknown }[]): Disposable {
    return new Disposable(() => { for (const i of items) i.dispose(); });
  }
  constructor(private readonly callOnDispose: () => unknown) {}
  dispose(): void {
    this.callOnDispose();
  }
}

export type Event<T> = (listener: (e: T) => unknown) => Disposable;

export class EventEmitter<T> {
  private listeners = new Set<(e: T) => unknown>();
  readonly event: Event<T> = (listener) => {
    this.listeners.add(listener);
    return new Disposable(() => this.listeners.delete(listener));
  };
  fire(e: T): void {
    for (const l of [...this.listeners]) l(e);
  }
  dispose(): void {
    this.listeners.clear();
  }
  get listenerCount(): number {
    return this.listeners.size;
  }
}

export class Position {
  constructor(readonly line: number, readonly character: number) {}
}

export class Range {
  readonly start: Position;
  readonly end: Position;
  constructor(a: Position | number, b: Position | number, c?: number, d?: number) {
    this.start = typeof a === 'number' ? new Position(a, b as number) : a;
    this.end = typeof a === 'number' ? new Position(c!, d!) : (b as Position);
  }
}

export class Uri {
  private constructor(readonly scheme: string, readonly path: string) {}
  static file(path: string): Uri {
    return new Uri('file', path);
  }
  get fsPath(): string {
    return this.path;
  }
  toString(): string {
    return `${this.scheme}://${this.path}`;
  }
}

export enum DiagnosticSeverity { Error = 0, Warning = 1, Information = 2, Hint = 3 }
export enum SymbolKind { Namespace = 2, Variable = 12 }
export enum ProgressLocation { SourceControl = 1, Window = 10, Notification = 15 }

export class Diagnostic {
  source?: string;
  relatedInformation?: DiagnosticRelatedInformation[];
  constructor(readonly range: Range, readonly message: string, readonly severity: DiagnosticSeverity) {}
}

export class Location {
  constructor(readonly uri: Uri, readonly range: Range) {}
}

export class DiagnosticRelatedInformation {
  constructor(readonly location: Location, readonly message: string) {}
}

export class MarkdownString {
  isTrusted?: boolean;
  supportHtml?: boolean;
  constructor(readonly value = '') {}
}

export class Hover {
  constructor(readonly contents: MarkdownString, readonly range?: Range) {}
}

export class InlayHint {
  paddingLeft?: boolean;
  tooltip?: string;
  constructor(readonly position: Position, readonly label: string) {}
}

export interface Command { title: string; command: string; tooltip?: string; arguments?: unknown[] }

export class CodeLens {
  constructor(readonly range: Range, readonly command?: Command) {}
}

export class DocumentSymbol {
  children: DocumentSymbol[] = [];
  constructor(
    readonly name: string, readonly detail: string, readonly kind: SymbolKind,
    readonly range: Range, readonly selectionRange: Range,
  ) {}
}

export enum FoldingRangeKind { Comment = 1, Imports = 2, Region = 3 }
export enum CompletionItemKind { Method = 1, Function = 2, Property = 9, Variable = 5 }

export class CompletionItem {
  detail?: string;
  documentation?: unknown;
  sortText?: string;
  constructor(readonly label: string, readonly kind?: CompletionItemKind) {}
}

export class FoldingRange {
  constructor(readonly start: number, readonly end: number, readonly kind?: FoldingRangeKind) {}
}

export class CancellationTokenSource {
  private readonly emitter = new EventEmitter<void>();
  readonly token = {
    isCancellationRequested: false,
    onCancellationRequested: this.emitter.event,
  };
  cancel(): void {
    this.token.isCancellationRequested = true;
    this.emitter.fire();
  }
}

/** A text document whose text the test sets; every change bumps the version, as VS Code does. */
export class FakeDocument {
  version = 1;
  isClosed = false;
  constructor(readonly uri: Uri, private text: string, readonly languageId = 'grad') {}
  getText(): string {
    return this.text;
  }
  get lineCount(): number {
    return this.text.split(/\r\n|\r|\n/).length;
  }
  setText(text: string): void {
    this.text = text;
    this.version++;
  }
}

class DiagnosticCollection {
  readonly entries = new Map<string, Diagnostic[]>();
  disposed = false;
  constructor(readonly name: string) {}
  set(uri: Uri, diagnostics: Diagnostic[]): void {
    this.entries.set(uri.toString(), diagnostics);
  }
  delete(uri: Uri): void {
    this.entries.delete(uri.toString());
  }
  get(uri: Uri): Diagnostic[] | undefined {
    return this.entries.get(uri.toString());
  }
  dispose(): void {
    this.disposed = true;
    this.entries.clear();
  }
}

const onDidOpen = new EventEmitter<FakeDocument>();
const onDidChange = new EventEmitter<{ document: FakeDocument; contentChanges: unknown[] }>();
const onDidClose = new EventEmitter<FakeDocument>();
const onDidChangeConfig = new EventEmitter<{ affectsConfiguration(section: string): boolean }>();

/** What the test controls and observes. */
export const fake = {
  documents: [] as FakeDocument[],
  settings: new Map<string, unknown>(),
  providers: {} as Record<string, unknown>,
  commands: new Map<string, (...args: unknown[]) => unknown>(),
  collections: [] as DiagnosticCollection[],
  messages: [] as { severity: 'info' | 'warning'; text: string }[],
  /** The button a warning's notification answers with. */
  warningChoice: undefined as string | undefined,
  output: [] as string[],
  /** How often an output channel was brought into view. */
  outputShown: 0,
  activeEditor: undefined as { document: FakeDocument; selection: { active: Position } } | undefined,

  open(path: string, text: string, languageId = 'grad'): FakeDocument {
    const document = new FakeDocument(Uri.file(path), text, languageId);
    this.documents.push(document);
    onDidOpen.fire(document);
    return document;
  },
  edit(document: FakeDocument, text: string): void {
    document.setText(text);
    onDidChange.fire({ document, contentChanges: [{ text }] });
  },
  close(document: FakeDocument): void {
    this.documents = this.documents.filter((d) => d !== document);
    document.isClosed = true;
    onDidClose.fire(document);
  },
  setSetting(key: string, value: unknown): void {
    this.settings.set(key, value);
    onDidChangeConfig.fire({ affectsConfiguration: (section) => key === section || key.startsWith(`${section}.`) });
  },
  reset(): void {
    this.documents = [];
    this.settings.clear();
    this.providers = {};
    this.commands.clear();
    this.collections = [];
    this.messages = [];
    this.warningChoice = undefined;
    this.output = [];
    this.outputShown = 0;
    this.activeEditor = undefined;
  },
};

export const workspace = {
  get textDocuments() {
    return fake.documents;
  },
  onDidOpenTextDocument: onDidOpen.event,
  onDidChangeTextDocument: onDidChange.event,
  onDidCloseTextDocument: onDidClose.event,
  onDidChangeConfiguration: onDidChangeConfig.event,
  getConfiguration(section: string) {
    return { get: (key: string) => fake.settings.get(`${section}.${key}`) };
  },
  async openTextDocument(uri: Uri) {
    const found = fake.documents.find((d) => d.uri.toString() === uri.toString());
    if (!found) throw new Error(`cannot open ${uri.toString()}`);
    return found;
  },
  asRelativePath(uri: Uri): string {
    return uri.path;
  },
};

function registration(kind: string, provider: unknown): Disposable {
  fake.providers[kind] = provider;
  return new Disposable(() => { delete fake.providers[kind]; });
}

export const languages = {
  createDiagnosticCollection(name: string) {
    const c = new DiagnosticCollection(name);
    fake.collections.push(c);
    return c;
  },
  registerHoverProvider: (_s: unknown, p: unknown) => registration('hover', p),
  registerInlayHintsProvider: (_s: unknown, p: unknown) => registration('inlayHints', p),
  registerCodeLensProvider: (_s: unknown, p: unknown) => registration('codeLens', p),
  registerDocumentSymbolProvider: (_s: unknown, p: unknown) => registration('symbols', p),
  registerFoldingRangeProvider: (_s: unknown, p: unknown) => registration('folding', p),
  registerCompletionItemProvider: (_s: unknown, p: unknown) => registration('completion', p),
};

export const commands = {
  registerCommand(id: string, callback: (...args: unknown[]) => unknown) {
    fake.commands.set(id, callback);
    return new Disposable(() => fake.commands.delete(id));
  },
  executeCommand(id: string, ...args: unknown[]) {
    const command = fake.commands.get(id);
    if (!command) throw new Error(`command ${id} not found`);
    return command(...args);
  },
};

export const window = {
  get activeTextEditor() {
    return fake.activeEditor;
  },
  async showInformationMessage(text: string) {
    fake.messages.push({ severity: 'info', text });
    return undefined;
  },
  async showWarningMessage(text: string) {
    fake.messages.push({ severity: 'warning', text });
    return fake.warningChoice;
  },
  withProgress<T>(_options: unknown, task: () => Promise<T>): Promise<T> {
    return task();
  },
  /** A LogOutputChannel when asked for one: each log call is one line, prefixed with its level. */
  createOutputChannel(_name: string, _options?: { log: true }) {
    const log = (level: string) => (message: string | Error) =>
      fake.output.push(`[${level}] ${message instanceof Error ? message.stack ?? message.message : message}`);
    return {
      appendLine: (line: string) => fake.output.push(line),
      trace: log('trace'), debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error'),
      show: () => { fake.outputShown++; },
      dispose: () => {},
    };
  },
};
