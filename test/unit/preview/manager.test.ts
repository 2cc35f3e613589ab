import assert from 'node:assert/strict';
import Module from 'node:module';
import * as nodePath from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { evaluate, LineIndex } from '../../../src/lang';
import { nodesOf, throughVsCode } from './nodes';
import { hostMessageProblem, type HostToWebviewMessage, type UpdateMessage } from '../../../src/shared/protocol';
import { THREE_CELLS, TWO_CELLS } from '../../fixtures/lecture';

// The panel's wiring against a small fake of the vscode API: commands, serializer,
// editor events, evaluations and the page's messages in; panels, posts, editor and
// file operations out. The fake records what the code asked of VS Code.

type Listener<T> = (value: T) => unknown;

class EventEmitter<T> {
  listeners = new Set<Listener<T>>();
  event = (listener: Listener<T>) => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };
  fire(value: T): void {
    for (const l of [...this.listeners]) l(value);
  }
  dispose(): void {
    this.listeners.clear();
  }
}

class Uri {
  constructor(readonly scheme: string, readonly path: string) {}
  static parse(text: string): Uri {
    const m = /^([a-z-]+):\/\/(.*)$/.exec(text);
    assert.ok(m, text);
    return new Uri(m[1], m[2]);
  }
  static file(path: string): Uri {
    return new Uri('file', path);
  }
  static joinPath(base: Uri, ...segments: string[]): Uri {
    return new Uri(base.scheme, nodePath.posix.join(base.path, ...segments));
  }
  get fsPath(): string {
    return this.path;
  }
  toString(): string {
    return `${this.scheme}://${this.path}`;
  }
}

class Position {
  constructor(readonly line: number, readonly character: number) {}
}
class Selection {
  constructor(readonly anchor: Position, readonly active: Position) {}
}

const ViewColumn = { Active: -1, Beside: -2, One: 1, Two: 2 } as const;

class Range {
  constructor(readonly startLine: number, readonly startCharacter: number, readonly endLine: number, readonly endCharacter: number) {}
}
class ThemeColor {
  constructor(readonly id: string) {}
}

interface FakeDocument {
  uri: Uri;
  languageId: string;
  version: number;
  isClosed: boolean;
  text: string;
  readonly lineCount: number;
}
interface FakeEditor {
  document: FakeDocument;
  selection: Selection;
  viewColumn: number;
  setDecorations?(type: unknown, ranges: Range[]): void;
  revealRange?(range: Range): void;
}

class FakePanel {
  title: string;
  visible = true;
  disposed = false;
  viewColumn = 2;
  posted: HostToWebviewMessage[] = [];
  revealed = 0;
  readonly onDidDisposeEmitter = new EventEmitter<void>();
  readonly onMessage = new EventEmitter<unknown>();
  readonly viewStateChanged = new EventEmitter<void>();
  readonly onDidDispose = this.onDidDisposeEmitter.event;
  readonly onDidChangeViewState = this.viewStateChanged.event;
  readonly webview = {
    options: {} as Record<string, unknown>,
    html: '',
    cspSource: 'vscode-webview://fake',
    asWebviewUri: (uri: Uri) => new Uri('vscode-resource', uri.path),
    postMessage: async (message: HostToWebviewMessage) => {
      // As VS Code sends it: JSON but for typed arrays. What it cannot carry must fail here, not in the page.
      const received: unknown = throughVsCode(message);
      assert.equal(hostMessageProblem(received), null);
      this.posted.push(received as HostToWebviewMessage);
      return true;
    },
    onDidReceiveMessage: this.onMessage.event,
  };
  constructor(readonly viewType: string, title: string, readonly showOptions: unknown, options: Record<string, unknown>) {
    this.title = title;
    this.webview.options = options;
  }
  reveal(): void {
    this.revealed++;
  }
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.onDidDisposeEmitter.fire();
  }
  /** The page sends a message, as the webview's script would. */
  send(message: unknown): void {
    this.onMessage.fire(message);
  }
  take(): HostToWebviewMessage[] {
    return this.posted.splice(0);
  }
}

const fake = {
  commands: new Map<string, (...args: unknown[]) => unknown>(),
  serializers: new Map<string, { deserializeWebviewPanel(panel: FakePanel, state: unknown): Promise<void> }>(),
  panels: [] as FakePanel[],
  documents: [] as FakeDocument[],
  activeTextEditor: undefined as FakeEditor | undefined,
  visibleTextEditors: [] as FakeEditor[],
  shown: [] as { document: FakeDocument; options: { viewColumn: number; selection: Selection } }[],
  saveDialogs: [] as { defaultUri?: Uri }[],
  saveTo: undefined as Uri | undefined,
  written: [] as { uri: Uri; text: string }[],
  clipboard: '',
  status: [] as string[],
  logs: [] as string[],
  config: { precision: 4, 'graph.layoutDirection': 'LR' } as Record<string, unknown>,
  activeEditorChanged: new EventEmitter<FakeEditor | undefined>(),
  selectionChanged: new EventEmitter<{ textEditor: FakeEditor }>(),
  configChanged: new EventEmitter<{ affectsConfiguration(section: string): boolean }>(),
  documentClosed: new EventEmitter<FakeDocument>(),
  /** Decoration types made, and the ranges each editor was last given per type (by file path). */
  decorationTypes: [] as { options: Record<string, unknown>; disposed: boolean }[],
  decorations: new Map<string, Range[]>(),
  revealedRanges: [] as Range[],
};

function emitters(): { listeners: Set<unknown> }[] {
  return [fake.activeEditorChanged, fake.selectionChanged, fake.configChanged, fake.documentClosed];
}

const vscodeFake = {
  Uri,
  Position,
  Selection,
  ViewColumn,
  Range,
  ThemeColor,
  OverviewRulerLane: { Center: 2 },
  TextEditorRevealType: { InCenterIfOutsideViewport: 2 },
  EventEmitter,
  Disposable: {
    from: (...items: { dispose(): unknown }[]) => ({ dispose: () => items.forEach((i) => i.dispose()) }),
  },
  commands: {
    registerCommand(id: string, run: (...args: unknown[]) => unknown) {
      fake.commands.set(id, run);
      return { dispose: () => fake.commands.delete(id) };
    },
  },
  window: {
    get activeTextEditor() {
      return fake.activeTextEditor;
    },
    get visibleTextEditors() {
      return fake.visibleTextEditors;
    },
    createTextEditorDecorationType(options: Record<string, unknown>) {
      const type = { options, disposed: false, dispose() { this.disposed = true; } };
      fake.decorationTypes.push(type);
      return type;
    },
    createWebviewPanel(viewType: string, title: string, showOptions: unknown, options: Record<string, unknown>) {
      const panel = new FakePanel(viewType, title, showOptions, options);
      fake.panels.push(panel);
      return panel;
    },
    registerWebviewPanelSerializer(viewType: string, serializer: { deserializeWebviewPanel(panel: FakePanel, state: unknown): Promise<void> }) {
      fake.serializers.set(viewType, serializer);
      return { dispose: () => fake.serializers.delete(viewType) };
    },
    onDidChangeActiveTextEditor: fake.activeEditorChanged.event,
    onDidChangeTextEditorSelection: fake.selectionChanged.event,
    async showTextDocument(document: FakeDocument, options: { viewColumn: number; selection: Selection }) {
      fake.shown.push({ document, options });
      // As VS Code does: the editor becomes active with its old selection, then takes the new one.
      const editor = fake.visibleTextEditors.find((e) => e.document === document) ?? { document, selection: options.selection, viewColumn: options.viewColumn };
      fake.activeTextEditor = editor;
      fake.activeEditorChanged.fire(editor);
      editor.selection = options.selection;
      fake.selectionChanged.fire({ textEditor: editor });
      return editor;
    },
    async showSaveDialog(options: { defaultUri?: Uri }) {
      fake.saveDialogs.push(options);
      return fake.saveTo;
    },
    setStatusBarMessage(text: string) {
      fake.status.push(text);
      return { dispose() {} };
    },
    async showInformationMessage(text: string) {
      fake.status.push(text);
    },
    async showErrorMessage(text: string) {
      fake.status.push(text);
    },
    createOutputChannel() {
      const log = (level: string) => (text: string) => fake.logs.push(`${level}: ${text}`);
      return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error'), dispose() {} };
    },
  },
  workspace: {
    get textDocuments() {
      return fake.documents;
    },
    workspaceFolders: undefined,
    getConfiguration: () => ({ get: (key: string) => fake.config[key] }),
    onDidChangeConfiguration: fake.configChanged.event,
    onDidCloseTextDocument: fake.documentClosed.event,
    onDidOpenTextDocument: () => ({ dispose() {} }),
    onDidChangeTextDocument: () => ({ dispose() {} }),
    async openTextDocument(uri: Uri) {
      const found = fake.documents.find((d) => d.uri.toString() === uri.toString());
      if (found === undefined) throw new Error('file not found');
      return found;
    },
    fs: {
      async writeFile(uri: Uri, bytes: Uint8Array) {
        fake.written.push({ uri, text: new TextDecoder().decode(bytes) });
      },
    },
  },
  env: {
    clipboard: {
      async writeText(text: string) {
        fake.clipboard = text;
      },
    },
  },
};

const loader = Module as unknown as { _resolveFilename: (this: unknown, request: unknown, ...rest: unknown[]) => string };
const resolve = loader._resolveFilename;
loader._resolveFilename = function (request, ...rest) {
  return request === 'vscode' ? 'vscode' : resolve.call(this, request, ...rest);
};
require.cache['vscode'] = { id: 'vscode', filename: 'vscode', loaded: true, exports: vscodeFake } as unknown as NodeJS.Module;

// Loaded only now, so that its `require('vscode')` finds the fake.
const { GraphPreviewManager } = require('../../../src/extension/preview/manager') as typeof import('../../../src/extension/preview/manager');

// ---- the evaluation service, evaluating synchronously with the real core ----------------

const evaluated = new EventEmitter<unknown>();
function evaluationOf(document: FakeDocument) {
  return { uri: document.uri, version: document.version, result: evaluate(document.text), lines: new LineIndex(document.text) };
}
const progressed = new EventEmitter<unknown>();
const evaluations = {
  onDidEvaluate: evaluated.event,
  onDidProgress: progressed.event,
  get: (document: FakeDocument) => evaluationOf(document),
  evaluateNow: async (document: FakeDocument) => evaluationOf(document),
};

// ---- helpers ------------------------------------------------------------------------------

const TEXT = TWO_CELLS;

function document(path: string, text = TEXT, languageId = 'grad'): FakeDocument {
  const doc = {
    uri: Uri.file(path), languageId, version: 1, isClosed: false, text,
    get lineCount() { return this.text.split(/\r\n|\r|\n/).length; },
  };
  fake.documents.push(doc);
  return doc;
}

function at(doc: FakeDocument, needle: string, delta = 0): Position {
  const p = new LineIndex(doc.text).positionAt(doc.text.indexOf(needle) + delta);
  return new Position(p.line, p.column);
}

function focus(doc: FakeDocument, cursor = new Position(0, 0)): FakeEditor {
  const editor: FakeEditor = {
    document: doc, selection: new Selection(cursor, cursor), viewColumn: 1,
    setDecorations: (_type, ranges) => fake.decorations.set(doc.uri.path, ranges),
    revealRange: (range) => fake.revealedRanges.push(range),
  };
  fake.activeTextEditor = editor;
  fake.visibleTextEditors = [editor, ...fake.visibleTextEditors.filter((e) => e.document !== doc)];
  fake.activeEditorChanged.fire(editor);
  return editor;
}

function moveTo(editor: FakeEditor, position: Position): void {
  editor.selection = new Selection(position, position);
  fake.selectionChanged.fire({ textEditor: editor });
}

function edit(doc: FakeDocument, text: string): void {
  doc.text = text;
  doc.version++;
  evaluated.fire(evaluationOf(doc));
}

function updates(messages: HostToWebviewMessage[]): UpdateMessage[] {
  return messages.filter((m): m is UpdateMessage => m.type === 'update');
}

/** Lets the promise callbacks the code started run. */
const settle = () => new Promise((r) => setImmediate(r));

let manager: InstanceType<typeof GraphPreviewManager>;
const EXTENSION = Uri.file('/ext');

beforeEach(() => {
  Object.assign(fake, {
    panels: [], documents: [], activeTextEditor: undefined, visibleTextEditors: [], shown: [], saveDialogs: [],
    saveTo: undefined, written: [], clipboard: '', status: [], logs: [],
    config: { precision: 4, 'graph.layoutDirection': 'LR' },
    decorationTypes: [], decorations: new Map(), revealedRanges: [],
  });
  manager = new GraphPreviewManager(EXTENSION as never, evaluations as never, vscodeFake.window.createOutputChannel() as never);
});

afterEach(() => manager.dispose());

async function openPanel(doc: FakeDocument, cursor?: Position): Promise<{ panel: FakePanel; editor: FakeEditor; first: UpdateMessage }> {
  const editor = focus(doc, cursor);
  await fake.commands.get('gradlens.openGraphToSide')?.();
  await settle();
  const panel = fake.panels.at(-1);
  assert.ok(panel);
  panel.send({ type: 'ready' });
  const [first] = updates(panel.take());
  assert.ok(first, 'an update after ready');
  return { panel, editor, first };
}

// ---- tests --------------------------------------------------------------------------------

describe('graph panel: opening', () => {
  test('opens one panel beside the editor, with scripts, only dist/ loadable, and a nonce-locked page', async () => {
    const doc = document('/w/lecture.grad');
    const { panel, first } = await openPanel(doc);
    assert.equal(panel.viewType, 'gradlens.graph');
    assert.deepEqual(panel.showOptions, { viewColumn: ViewColumn.Beside, preserveFocus: true });
    assert.equal(panel.webview.options.enableScripts, true);
    assert.equal(panel.webview.options.retainContextWhenHidden, undefined);
    assert.deepEqual((panel.webview.options.localResourceRoots as Uri[]).map(String), ['file:///ext/dist']);
    const nonce = /script-src &#39;nonce-([\w-]+)&#39;/.exec(panel.webview.html)?.[1];
    assert.ok(nonce);
    assert.match(panel.webview.html, new RegExp(`<script nonce="${nonce}" src="vscode-resource:///ext/dist/webview.js">`));
    assert.match(panel.webview.html, /href="vscode-resource:\/\/\/ext\/dist\/webview.css"/);
    assert.equal(panel.title, 'Graph: lecture.grad');
    assert.equal(first.uri, 'file:///w/lecture.grad');
    assert.equal(first.cells.length, 2);

    await fake.commands.get('gradlens.openGraphToSide')?.();
    assert.equal(fake.panels.length, 1);
    assert.equal(panel.revealed, 1);
  });

  test('without a .grad editor nothing opens', async () => {
    await fake.commands.get('gradlens.openGraphToSide')?.();
    assert.equal(fake.panels.length, 0);
    assert.deepEqual(fake.status, ['Open a .grad file to see its graph.']);
  });

  test('showGraph opens on the given cell and keeps it while the cursor stays in its cell', async () => {
    const doc = document('/w/lecture.grad');
    const editor = focus(doc, at(doc, 'e = a'));
    await fake.commands.get('gradlens.showGraph')?.(doc.uri, 1);
    const panel = fake.panels[0];
    panel.send({ type: 'ready' });
    assert.equal(updates(panel.take())[0].cell, 1);
    moveTo(editor, at(doc, 'e = a', 4));
    assert.deepEqual(updates(panel.take()), []);
    // Into the shown cell: nothing to redraw.
    moveTo(editor, at(doc, 'y = x'));
    assert.deepEqual(updates(panel.take()), []);
    moveTo(editor, at(doc, 'b = Value'));
    assert.equal(updates(panel.take())[0].cell, 0);
  });
});

describe('graph panel: following the editor', () => {
  test("a running loop's progress reaches the page as a progress message, checked by the page's guard", async () => {
    const doc = document('/w/lecture.grad');
    const { panel } = await openPanel(doc);
    const series = [{ label: 'loss', range: { start: 0, end: 4 }, loop: { start: 0, end: 3 }, values: [3, 2.5, NaN], steps: [0, 1, 2] }];
    progressed.fire({ uri: doc.uri, version: doc.version, progress: { cell: 0, loop: null, step: 3, total: 100, series } });
    const sent = panel.posted.filter((m) => m.type === 'progress');
    // Through VS Code's JSON, the NaN arrives as null: a gap, which the page's guard accepts.
    assert.deepEqual(sent, [{ type: 'progress', uri: doc.uri.toString(), version: 1, cell: 0, step: 3, total: 100, series: [{ ...series[0], values: [3, 2.5, null] }] }]);
  });

  test('a cursor move in the cell posts a highlight; into another cell, an update', async () => {
    const doc = document('/w/lecture.grad');
    const { panel, editor, first } = await openPanel(doc, at(doc, 'e = a', 2));
    assert.equal(first.cell, 0);
    moveTo(editor, at(doc, 'e = a', 4));
    const a = nodesOf(first.columns).find((n) => n.names.includes('a'))?.id;
    assert.deepEqual(panel.take(), [{ type: 'highlight', ids: [a] }]);
    moveTo(editor, at(doc, 'y = x'));
    assert.equal(updates(panel.take())[0].cell, 1);
  });

  test('a graph with a NaN reaches the page after a file that had none, and replaces it', async () => {
    const doc = document('/w/lecture.grad');
    const { panel } = await openPanel(doc);
    focus(document('/w/nan.grad', 'a = Value(-2.0)\nb = log(a)\nd = b + 1\n'));
    await settle();
    const [update] = updates(panel.take());
    assert.equal(update?.uri, 'file:///w/nan.grad');
    assert.deepEqual(nodesOf(update.columns).map((n) => [n.names.join(), n.data]), [['a', -2], ['b', NaN], ['', 1], ['d', NaN]]);
  });

  test('follows another .grad editor, ignores other editors', async () => {
    const doc = document('/w/lecture.grad');
    const { panel } = await openPanel(doc);
    focus(document('/w/notes.md', '# notes', 'markdown'));
    assert.deepEqual(panel.take(), []);
    assert.equal(panel.title, 'Graph: lecture.grad');
    focus(document('/w/other.grad', 'k = Value(1.0)\nk\n'));
    await settle();
    const [update] = updates(panel.take());
    assert.equal(update.uri, 'file:///w/other.grad');
    assert.equal(panel.title, 'Graph: other.grad');
  });

  test('each evaluation posts an update; one with an error in the shown cell posts only the errors', async () => {
    const doc = document('/w/lecture.grad');
    const { panel } = await openPanel(doc);
    edit(doc, TEXT.replace('2.0', '3.0'));
    assert.deepEqual(panel.take().map((m) => m.type), ['update']);
    edit(doc, TEXT.replace('b = Value(-3.0)', 'b = Value(-3.0)\nq = nope'));
    const messages = panel.take().filter((m) => m.type !== 'highlight');
    assert.deepEqual(messages.map((m) => m.type), ['error']);
    assert.equal(messages[0].type === 'error' && messages[0].version, 3);
  });

  test('a hidden panel gets nothing until its page reloads and says ready', async () => {
    const doc = document('/w/lecture.grad');
    const { panel } = await openPanel(doc);
    panel.visible = false;
    edit(doc, TEXT.replace('2.0', '5.0'));
    assert.deepEqual(panel.take(), []);
    panel.visible = true;
    panel.send({ type: 'ready' });
    assert.equal(updates(panel.take())[0].version, 2);
  });

  test('a changed layout setting re-posts in the new direction; setRankdir from the page does too', async () => {
    const doc = document('/w/lecture.grad');
    const { panel } = await openPanel(doc);
    fake.config['graph.layoutDirection'] = 'TB';
    fake.configChanged.fire({ affectsConfiguration: (s) => s === 'gradlens.graph.layoutDirection' });
    assert.equal(updates(panel.take())[0].settings.rankdir, 'TB');
    panel.send({ type: 'setRankdir', rankdir: 'LR' });
    assert.equal(updates(panel.take())[0].settings.rankdir, 'LR');
  });
});

describe('graph panel: messages from the page', () => {
  test('reveal selects the node in the visible editor; a stale one does nothing', async () => {
    const doc = document('/w/lecture.grad');
    const { panel, first } = await openPanel(doc);
    const e = nodesOf(first.columns).find((n) => n.names.includes('e'));
    assert.ok(e?.definedAt);
    panel.send({ type: 'reveal', uri: first.uri, version: first.version, nodeId: e.id });
    await settle();
    assert.equal(fake.shown.length, 1);
    const { options } = fake.shown[0];
    assert.equal(options.viewColumn, 1);
    const lines = new LineIndex(doc.text);
    const start = lines.positionAt(e.definedAt.start);
    assert.deepEqual([options.selection.anchor.line, options.selection.anchor.character], [start.line, start.column]);
    assert.deepEqual(panel.take(), [{ type: 'highlight', ids: [e.id] }]);

    edit(doc, TEXT.replace('2.0', '3.0'));
    panel.send({ type: 'reveal', uri: first.uri, version: first.version, nodeId: e.id });
    await settle();
    assert.equal(fake.shown.length, 1);
  });

  test('a node defined in another cell is revealed without leaving the graph it was clicked in', async () => {
    const text = THREE_CELLS;
    const doc = document('/w/lecture.grad', text);
    const { panel } = await openPanel(doc, at(doc, 'e = a'));
    panel.send({ type: 'selectCell', index: 2 });
    const [three] = updates(panel.take());
    assert.equal(three.cell, 2);
    const x = nodesOf(three.columns).find((n) => n.names.includes('x'));
    assert.ok(x);
    // The editor arrives with its cursor in cell one, then selects x in cell two.
    fake.activeTextEditor = undefined;
    panel.send({ type: 'reveal', uri: three.uri, version: three.version, nodeId: x.id });
    await settle();
    assert.equal(fake.shown.length, 1);
    assert.deepEqual(updates(panel.take()), []);
  });

  test('save proposes the sanitized name next to the document and writes the content', async () => {
    const doc = document('/w/sub/lecture.grad');
    const { panel } = await openPanel(doc);
    fake.saveTo = Uri.file('/w/sub/out.svg');
    panel.send({ type: 'save', format: 'svg', content: '<svg/>', suggestedName: '../../lecture-cell-1.svg' });
    await settle();
    assert.equal(fake.saveDialogs[0].defaultUri?.toString(), 'file:///w/sub/lecture-cell-1.svg');
    assert.deepEqual(fake.written.map((w) => [w.uri.toString(), w.text]), [['file:///w/sub/out.svg', '<svg/>']]);
  });

  test('copy fills the clipboard and says so; page errors are logged; malformed messages are refused', async () => {
    const doc = document('/w/lecture.grad');
    const { panel } = await openPanel(doc);
    panel.send({ type: 'copy', text: '<svg/>' });
    await settle();
    assert.equal(fake.clipboard, '<svg/>');
    assert.ok(fake.status.some((s) => s.includes('Copied')));
    panel.send({ type: 'error', message: 'boom', stack: 'at x' });
    assert.ok(fake.logs.some((l) => l.startsWith('error:') && l.includes('boom') && l.includes('at x')));
    panel.send({ type: 'selectCell', index: -1 });
    panel.send({ type: 'save', format: 'exe', content: '', suggestedName: 'x' });
    assert.deepEqual(panel.take(), []);
    assert.equal(fake.logs.filter((l) => l.startsWith('warn:')).length, 2);
  });

  test('selectCell pins the picked cell', async () => {
    const doc = document('/w/lecture.grad');
    const { panel, editor } = await openPanel(doc, at(doc, 'e = a'));
    panel.send({ type: 'selectCell', index: 1 });
    assert.equal(updates(panel.take())[0].cell, 1);
    moveTo(editor, at(doc, 'b = Value'));
    assert.deepEqual(updates(panel.take()), []);
  });
});

describe('graph panel: hostile or broken messages from the page', () => {
  const warnings = () => fake.logs.filter((l) => l.startsWith('warn:'));
  const infos = () => fake.logs.filter((l) => l.startsWith('info:'));

  test('a reveal of a node that is not in the shown graph, of a stale version or another document moves nothing; each is logged', async () => {
    const doc = document('/w/lecture.grad');
    const { panel, first } = await openPanel(doc);
    fake.logs.length = 0;
    panel.send({ type: 'reveal', uri: first.uri, version: first.version, nodeId: 1_000_000 });
    panel.send({ type: 'reveal', uri: first.uri, version: first.version + 7, nodeId: 0 });
    panel.send({ type: 'reveal', uri: 'file:///etc/passwd', version: 1, nodeId: 0 });
    await settle();
    assert.equal(fake.shown.length, 0, 'no editor moved');
    assert.equal(infos().length, 3, fake.logs.join('\n'));
    assert.ok(infos().every((l) => l.includes('ignored a reveal')));
    assert.match(infos()[2], /document is not open/);
  });

  test("a reveal whose range lies outside the document (text shorter than the graph's version says) moves nothing and is logged", async () => {
    const doc = document('/w/lecture.grad');
    const { panel, first } = await openPanel(doc);
    const last = nodesOf(first.columns).filter((n) => n.definedAt).at(-1);
    assert.ok(last);
    fake.logs.length = 0;
    // The same version with its lines gone: only a broken editor could say so, and the host still must not trust the range.
    doc.text = 'x';
    panel.send({ type: 'reveal', uri: first.uri, version: first.version, nodeId: last.id });
    await settle();
    assert.equal(fake.shown.length, 0);
    assert.equal(infos().length, 1);
    assert.match(infos()[0], /lies outside the document's 1 lines/);
  });

  test('a save whose suggested name holds a path proposes a plain name in the document folder, and says so', async () => {
    const doc = document('/w/sub/lecture.grad');
    const { panel } = await openPanel(doc);
    fake.logs.length = 0;
    for (const suggestedName of ['../../x.svg', '/etc/passwd', 'C:\\x', '..\\..\\evil.svg']) {
      panel.send({ type: 'save', format: 'svg', content: '<svg/>', suggestedName });
    }
    await settle();
    assert.deepEqual(fake.saveDialogs.map((d) => d.defaultUri?.toString()),
      ['file:///w/sub/x.svg', 'file:///w/sub/passwd.svg', 'file:///w/sub/x.svg', 'file:///w/sub/evil.svg']);
    assert.equal(warnings().length, 4);
    assert.match(warnings()[1], /suggested name "\/etc\/passwd" is not a plain file name; proposing "passwd\.svg"/);
    assert.deepEqual(fake.written, [], 'nothing is written without the dialog\'s answer');
  });

  test('a save with content that is not text or is over 50 MB, and an oversized copy, are refused and logged without their content', async () => {
    const doc = document('/w/lecture.grad');
    const { panel } = await openPanel(doc);
    fake.logs.length = 0;
    fake.saveTo = Uri.file('/w/out.svg');
    const huge = 'x'.repeat(50 * 1024 * 1024 + 1);
    panel.send({ type: 'save', format: 'svg', content: { toString: 'boom' }, suggestedName: 'a.svg' });
    panel.send({ type: 'save', format: 'svg', content: 42, suggestedName: 'a.svg' });
    panel.send({ type: 'save', format: 'svg', content: huge, suggestedName: 'a.svg' });
    panel.send({ type: 'save', format: 'svg', content: '<svg/>', suggestedName: huge });
    panel.send({ type: 'copy', text: huge });
    panel.send({ type: 'copy', text: ['a'] });
    await settle();
    assert.deepEqual(fake.saveDialogs, []);
    assert.deepEqual(fake.written, []);
    assert.equal(fake.clipboard, '');
    assert.equal(warnings().length, 6, fake.logs.join('\n'));
    assert.ok(warnings().every((l) => l.length < 300), 'one short line each');
    assert.match(warnings()[2], /save: content is 52428801 characters, over the 52428800 allowed/);
    assert.match(warnings()[4], /copy: text is 52428801 characters/);
  });

  test('an unknown message type, a non-object and a huge page error do nothing harmful; each is one log line', async () => {
    const doc = document('/w/lecture.grad');
    const { panel } = await openPanel(doc);
    fake.logs.length = 0;
    panel.send({ type: 'runCommand', command: 'workbench.action.terminal.new' });
    panel.send({ type: '__proto__' });
    panel.send('reveal');
    panel.send(null);
    panel.send({ type: 'error', message: 'e'.repeat(1_000_000) });
    await settle();
    assert.deepEqual(panel.take(), []);
    assert.equal(fake.shown.length + fake.saveDialogs.length, 0);
    assert.equal(warnings().length, 4);
    assert.match(warnings()[0], /unknown message type "runCommand"/);
    const [pageError] = fake.logs.filter((l) => l.startsWith('error:'));
    assert.ok(pageError.length < 5000 && pageError.includes('more characters'), 'a page error is cut to a log line');
  });
});

describe('graph panel: restoring and disposing', () => {
  test('the serializer brings the panel back on its file and cell', async () => {
    const doc = document('/w/lecture.grad');
    const serializer = fake.serializers.get('gradlens.graph');
    assert.ok(serializer);
    const panel = new FakePanel('gradlens.graph', 'old', {}, {});
    const state = { uri: 'file:///w/lecture.grad', cell: 1, zoom: 2, pan: { x: 5, y: 6 }, rankdir: 'TB' };
    await serializer.deserializeWebviewPanel(panel, state);
    assert.equal(panel.webview.options.enableScripts, true);
    assert.match(panel.webview.html, /data-state="[^"]*&#34;cell&#34;:1/);
    assert.equal(panel.title, 'Graph: lecture.grad');
    panel.take();
    panel.send({ type: 'ready' });
    const [update] = updates(panel.take());
    assert.equal(update.uri, doc.uri.toString());
    assert.equal(update.cell, 1);
    assert.equal(update.settings.rankdir, 'TB');
    // It is the panel the commands now reveal.
    focus(doc);
    await fake.commands.get('gradlens.openGraphToSide')?.();
    assert.equal(fake.panels.length, 0);
    assert.equal(panel.revealed, 1);
  });

  test('a restored panel whose file is gone says so', async () => {
    const panel = new FakePanel('gradlens.graph', 'old', {}, {});
    await fake.serializers.get('gradlens.graph')?.deserializeWebviewPanel(panel, { uri: 'file:///w/gone.grad', cell: 0, zoom: 1, pan: { x: 0, y: 0 }, rankdir: 'LR' });
    panel.send({ type: 'ready' });
    const messages = panel.take();
    assert.equal(messages.at(-1)?.type, 'error');
  });

  test('closing the panel lets the next command open a new one; dispose releases every listener', async () => {
    const doc = document('/w/lecture.grad');
    const { panel } = await openPanel(doc);
    panel.dispose();
    await fake.commands.get('gradlens.openGraphToSide')?.();
    assert.equal(fake.panels.length, 2);
    const second = fake.panels[1];
    manager.dispose();
    assert.equal(second.disposed, true);
    assert.equal(fake.commands.size, 0);
    assert.equal(fake.serializers.size, 0);
    for (const emitter of [...emitters(), evaluated]) assert.equal(emitter.listeners.size, 0);
    assert.equal(second.onMessage.listeners.size, 0);
  });

  test('a document closed and reopened (versions from 1 again) still updates the panel', async () => {
    const doc = document('/w/lecture.grad');
    const { panel } = await openPanel(doc);
    edit(doc, TEXT.replace('2.0', '3.0'));
    edit(doc, TEXT.replace('2.0', '4.0'));
    panel.take();
    fake.documentClosed.fire(doc);
    const htmlBefore = panel.webview.html;
    doc.version = 1;
    doc.text = TEXT.replace('2.0', '7.0');
    evaluated.fire(evaluationOf(doc));
    assert.notEqual(panel.webview.html, htmlBefore, 'a fresh page');
    panel.send({ type: 'ready' });
    const [update] = updates(panel.take());
    assert.equal(update.version, 1);
    assert.equal(nodesOf(update.columns).find((n) => n.names.includes('a'))?.data, 7);
  });
});

describe('graph panel: step through backward', () => {
  test('the command opens the panel on the cell and, once the page is ready, starts its step-through', async () => {
    const doc = document('/w/lecture.grad');
    focus(doc, at(doc, 'e = a'));
    await fake.commands.get('gradlens.stepThroughBackward')?.(doc.uri, 1);
    await settle();
    const panel = fake.panels[0];
    assert.ok(panel);
    // A page still loading would miss it: nothing until it says ready.
    assert.deepEqual(panel.take().filter((m) => m.type === 'stepThrough'), []);
    panel.send({ type: 'ready' });
    const after = panel.take();
    assert.equal(updates(after)[0].cell, 1);
    assert.deepEqual(after.at(-1), { type: 'stepThrough', mode: 'backward' });
    // The page is listening now: a second run (the palette, on the active editor) is sent at once, once.
    await fake.commands.get('gradlens.stepThroughBackward')?.();
    await settle();
    assert.equal(fake.panels.length, 1);
    assert.deepEqual(panel.take().filter((m) => m.type === 'stepThrough'), [{ type: 'stepThrough', mode: 'backward' }]);
    panel.send({ type: 'ready' });
    assert.deepEqual(panel.take().filter((m) => m.type === 'stepThrough'), [], 'not repeated on a reload');
    // Hidden, the page is unloaded: a step-through asked for then waits for the page that loads when it shows.
    panel.visible = false;
    panel.viewStateChanged.fire();
    await fake.commands.get('gradlens.stepThroughBackward')?.();
    await settle();
    panel.visible = true;
    panel.viewStateChanged.fire();
    assert.deepEqual(panel.take().filter((m) => m.type === 'stepThrough'), []);
    panel.send({ type: 'ready' });
    assert.deepEqual(panel.take().filter((m) => m.type === 'stepThrough'), [{ type: 'stepThrough', mode: 'backward' }]);
  });

  test('without a .grad editor it says so and opens nothing', async () => {
    await fake.commands.get('gradlens.stepThroughBackward')?.();
    assert.equal(fake.panels.length, 0);
    assert.deepEqual(fake.status, ['Open a .grad file to step through its backward pass.']);
  });

  test("stepAt marks the current Value's source in the editor; null, a stale version or another node's absence clear it", async () => {
    const doc = document('/w/lecture.grad');
    const { panel, first } = await openPanel(doc);
    const e = nodesOf(first.columns).find((n) => n.names.includes('e'));
    assert.ok(e?.definedAt);
    panel.send({ type: 'stepAt', uri: first.uri, version: first.version, nodeId: e.id });
    const lines = new LineIndex(doc.text);
    const start = lines.positionAt(e.definedAt.start);
    const end = lines.positionAt(e.definedAt.end);
    assert.deepEqual(fake.decorations.get('/w/lecture.grad'), [new Range(start.line, start.column, end.line, end.column)]);
    assert.equal(fake.revealedRanges.length, 1, 'scrolled to it when off screen');
    assert.equal(fake.decorationTypes.length, 1);
    assert.equal(fake.shown.length, 0, 'the cursor does not move: stepping is not a click');
    panel.send({ type: 'stepAt', uri: first.uri, version: first.version, nodeId: null });
    assert.deepEqual(fake.decorations.get('/w/lecture.grad'), []);

    panel.send({ type: 'stepAt', uri: first.uri, version: first.version, nodeId: e.id });
    edit(doc, TEXT.replace('2.0', '3.0'));
    panel.send({ type: 'stepAt', uri: first.uri, version: first.version, nodeId: e.id });
    assert.deepEqual(fake.decorations.get('/w/lecture.grad'), [], 'a stale step marks nothing');
    panel.dispose();
    assert.equal(fake.decorationTypes[0].disposed, true, 'the mark goes with the panel');
  });

  test('a malformed stepAt is refused by the guard and logged', async () => {
    const doc = document('/w/lecture.grad');
    const { panel, first } = await openPanel(doc);
    for (const nodeId of [-1, 1.5, '3', undefined]) panel.send({ type: 'stepAt', uri: first.uri, version: first.version, nodeId });
    panel.send({ type: 'stepAt', uri: 7, version: first.version, nodeId: 1 });
    assert.equal(fake.decorationTypes.length, 0);
    assert.equal(fake.logs.filter((l) => /^warn: Graph panel: ignored a message from the webview: stepAt: /.test(l)).length, 5);
  });
});
