/**
 * The small part of the `vscode` API that the Corpus Outline's data layer (nodes.ts, provider.ts) uses,
 * so it can be tested in plain mocha. Install with {@link installFakeVscode} before requiring client modules.
 * Behaviour follows VS Code's documented API; it is not a general replacement.
 */
import Module from 'module';

type Listener<T> = (e: T) => unknown;

export class Disposable {
  constructor(private readonly fn: () => void) {}
  dispose(): void {
    this.fn();
  }
}

export class EventEmitter<T> {
  private listeners: Listener<T>[] = [];
  readonly event = (listener: Listener<T>): Disposable => {
    this.listeners.push(listener);
    return new Disposable(() => (this.listeners = this.listeners.filter((l) => l !== listener)));
  };
  fire(e: T): void {
    for (const l of [...this.listeners]) l(e);
  }
  dispose(): void {
    this.listeners = [];
  }
}

export enum TreeItemCollapsibleState {
  None = 0,
  Collapsed = 1,
  Expanded = 2,
}

export class ThemeColor {
  constructor(readonly id: string) {}
}

export class ThemeIcon {
  constructor(
    readonly id: string,
    readonly color?: ThemeColor,
  ) {}
}

export class MarkdownString {
  isTrusted = false;
  supportHtml = false;
  supportThemeIcons = false;
  constructor(
    public value = '',
    supportThemeIcons = false,
  ) {
    this.supportThemeIcons = supportThemeIcons;
  }
  appendMarkdown(value: string): this {
    this.value += value;
    return this;
  }
}

export class Position {
  constructor(
    readonly line: number,
    readonly character: number,
  ) {}
}

export class Range {
  readonly start: Position;
  readonly end: Position;
  constructor(sl: number, sc: number, el: number, ec: number) {
    this.start = new Position(sl, sc);
    this.end = new Position(el, ec);
  }
}

export class Uri {
  private constructor(
    readonly scheme: string,
    readonly path: string,
    private readonly raw: string,
  ) {}
  static parse(value: string): Uri {
    const m = /^([a-z][\w+.-]*):(?:\/\/[^/]*)?(.*)$/i.exec(value);
    return new Uri(m ? m[1]! : 'file', m ? decodeURIComponent(m[2]!) : value, value);
  }
  toString(): string {
    return this.raw;
  }
}

export class TreeItem {
  id?: string;
  description?: string | boolean;
  tooltip?: string | MarkdownString;
  iconPath?: ThemeIcon;
  contextValue?: string;
  command?: { command: string; title: string; arguments?: unknown[] };
  constructor(
    public label: string | { label: string; highlights?: [number, number][] },
    public collapsibleState: TreeItemCollapsibleState = TreeItemCollapsibleState.None,
  ) {}
}

export const l10n = {
  t(message: string, ...args: Array<string | number | boolean>): string {
    return message.replace(/\{(\d+)\}/g, (all, i: string) => (args[Number(i)] !== undefined ? String(args[Number(i)]) : all));
  },
};

export const workspace = {
  /** Workspace trust; tests set it. */
  isTrusted: true,
  asRelativePath(uri: Uri | string): string {
    const p = typeof uri === 'string' ? uri : uri.path;
    return p.replace(/^\/workspace\//, '');
  },
};

export enum ProgressLocation {
  SourceControl = 1,
  Window = 10,
  Notification = 15,
}

/** Messages shown and commands executed, for assertions; `answer` is what a message's buttons return. */
export const recorded = { messages: [] as Array<{ kind: string; message: string; items: unknown[] }>, executed: [] as Array<{ command: string; args: unknown[] }>, answer: undefined as unknown };

const show = (kind: string) => (message: string, ...items: unknown[]): Promise<unknown> => {
  recorded.messages.push({ kind, message, items });
  return Promise.resolve(recorded.answer);
};

export enum StatusBarAlignment {
  Left = 1,
  Right = 2,
}

/** A status bar item: what it shows, for assertions. */
export class StatusBarItem {
  text = '';
  tooltip: string | undefined;
  command: string | undefined;
  name: string | undefined;
  backgroundColor: ThemeColor | undefined;
  visible = false;
  constructor(
    readonly id: string,
    readonly alignment: StatusBarAlignment,
    readonly priority: number,
  ) {}
  show(): void {
    this.visible = true;
  }
  hide(): void {
    this.visible = false;
  }
  dispose(): void {
    this.visible = false;
  }
}

export const window = {
  createStatusBarItem: (id: string, alignment: StatusBarAlignment, priority: number): StatusBarItem => new StatusBarItem(id, alignment, priority),
  showInformationMessage: show('information'),
  showWarningMessage: show('warning'),
  showErrorMessage: show('error'),
  setStatusBarMessage: (message: string): Disposable => {
    recorded.messages.push({ kind: 'status', message, items: [] });
    return new Disposable(() => undefined);
  },
  withProgress: <T>(_options: unknown, task: () => Promise<T>): Promise<T> => task(),
};

const registered = new Map<string, (...args: unknown[]) => unknown>();
export const commands = {
  registerCommand(id: string, handler: (...args: unknown[]) => unknown): Disposable {
    registered.set(id, handler);
    return new Disposable(() => registered.delete(id));
  },
  executeCommand(command: string, ...args: unknown[]): Promise<unknown> {
    recorded.executed.push({ command, args });
    const h = registered.get(command);
    return Promise.resolve(h ? h(...args) : undefined);
  },
};

let installed = false;

/** Makes `require('vscode')` resolve to this module. */
export function installFakeVscode(): void {
  if (installed) return;
  installed = true;
  const M = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
  const original = M._resolveFilename;
  const self = __filename;
  M._resolveFilename = (request: string, ...rest: unknown[]): string => (request === 'vscode' ? self : original.call(M, request, ...rest));
}
