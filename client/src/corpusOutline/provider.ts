/**
 * The Corpus Outline data: type → actor → variant → occurrence, all fetched from the language server.
 * - The root level is one `Requests.corpusOutline` call (with the active filter); it carries the actors and
 *   their variants, so the type, actor and variant levels come from that one snapshot of the corpus.
 * - Occurrences are fetched with `Requests.occurrences` only when a variant node is expanded.
 * - A refresh fires `onDidChangeTreeData` for the root only; VS Code then asks again for the children of the
 *   nodes that are expanded, and the stable ids keep their expansion state. No file is ever read here.
 */
import * as vscode from 'vscode';
import type { OutlineActor, OutlineResult } from '../../../server/src/protocol';
import { ServerUnavailableError, type ICorpusService } from '../corpusService';
import {
  ACTOR_TYPES,
  actorNode,
  actorNodeId,
  descriptionOf,
  labelOf,
  occurrenceNode,
  toTreeItem,
  typeNode,
  variantNode,
  type ActorNode,
  type OccurrenceNode,
  type OutlineNode,
  type TypeNode,
  type VariantNode,
} from './nodes';

/** Plain data for tests: the loaded tree, as the user sees it. */
export interface TreeSnapshotNode {
  readonly id: string;
  readonly label: string;
  readonly description?: string;
  /** Absent when not loaded or beyond the requested depth; `[]` for a loaded leaf level. */
  readonly children?: TreeSnapshotNode[];
}

export interface SnapshotOptions {
  /** Levels to include: 1 = types, 2 = actors, 3 = variants, 4 = occurrences. Default 3. */
  readonly depth?: number;
  /** Fetch occurrences that are not loaded yet (default: only include those already loaded). */
  readonly loadOccurrences?: boolean;
}

export type LoadProblem = { readonly kind: 'unavailable' | 'error'; readonly message: string };

export interface RootInfo {
  readonly version: number;
  readonly actors: number;
  /** Actors left out by the server's limit. */
  readonly more: number;
  readonly filter: string;
  readonly problem?: LoadProblem;
}

interface Root {
  readonly info: RootInfo;
  readonly nodes: readonly TypeNode[];
  /** Children of type and actor nodes, by node id. */
  readonly children: ReadonlyMap<string, readonly OutlineNode[]>;
  readonly byId: ReadonlyMap<string, OutlineNode>;
}

/** At most this many actors are listed; the rest are counted in the view message. */
export const OUTLINE_LIMIT = 5000;

function buildRoot(result: OutlineResult, filter: string): Root {
  const byType = new Map(ACTOR_TYPES.map((t) => [t, [] as OutlineActor[]]));
  for (const a of result.actors) byType.get(a.type)?.push(a);
  const nodes: TypeNode[] = [];
  const children = new Map<string, readonly OutlineNode[]>();
  const byId = new Map<string, OutlineNode>();
  // All three types as soon as there is any actor (a stable shape); none for an empty corpus (welcome view).
  for (const [type, actors] of byType) {
    if (result.actors.length === 0) continue;
    const tn = typeNode(type, actors);
    nodes.push(tn);
    byId.set(tn.id, tn);
    const actorNodes = actors.map((a) => actorNode(tn, a));
    children.set(tn.id, actorNodes);
    for (const an of actorNodes) {
      byId.set(an.id, an);
      const variants = an.actor.variants.map((v) => variantNode(an, v));
      children.set(an.id, variants);
      for (const vn of variants) byId.set(vn.id, vn);
    }
  }
  return { info: { version: result.version, actors: result.actors.length, more: result.more, filter }, nodes, children, byId };
}

function emptyRoot(filter: string, problem: LoadProblem, version = -1): Root {
  return { info: { version, actors: 0, more: 0, filter, problem }, nodes: [], children: new Map(), byId: new Map() };
}

export class CorpusOutlineProvider implements vscode.TreeDataProvider<OutlineNode>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<OutlineNode | undefined>();
  readonly onDidChangeTreeData = this.changeEmitter.event;
  private readonly loadEmitter = new vscode.EventEmitter<RootInfo>();
  /** Fired after each root load (also after failures), e.g. to update the view's message. */
  readonly onDidLoadRoot = this.loadEmitter.event;

  private root: Root | undefined;
  private dirty = true;
  private generation = 0;
  private pending: Promise<Root> | undefined;
  /** Occurrence children by variant node id; valid for the current root only. */
  private readonly occurrences = new Map<string, Promise<readonly OccurrenceNode[]>>();
  private _filter = '';

  constructor(private readonly service: ICorpusService) {}

  get filter(): string {
    return this._filter;
  }

  /** Information about the last loaded root, if any. */
  get rootInfo(): RootInfo | undefined {
    return this.root?.info;
  }

  setFilter(filter: string): void {
    const f = filter.trim();
    if (f === this._filter) return;
    this._filter = f;
    this.refresh();
  }

  /** Marks the tree stale and asks VS Code to re-fetch the root (and with it the expanded nodes). */
  refresh(): void {
    this.dirty = true;
    this.changeEmitter.fire(undefined);
  }

  /** Marks the tree stale without notifying VS Code (used while the view is hidden). */
  invalidate(): void {
    this.dirty = true;
  }

  get isStale(): boolean {
    return this.dirty;
  }

  getTreeItem(node: OutlineNode): vscode.TreeItem {
    return toTreeItem(node);
  }

  getParent(node: OutlineNode): OutlineNode | undefined {
    return node.kind === 'type' ? undefined : node.parent;
  }

  async getChildren(node?: OutlineNode): Promise<OutlineNode[]> {
    const root = await this.loadRoot();
    if (!node) return [...root.nodes];
    switch (node.kind) {
      case 'type':
      case 'actor':
        return [...(root.children.get(node.id) ?? [])];
      case 'variant': {
        const current = root.byId.get(node.id);
        return [...((await this.occurrencesOf(current?.kind === 'variant' ? current : node, true)) ?? [])];
      }
      case 'occurrence':
        return [];
    }
  }

  /** Loads the root level unless a fresh one is loaded, and tells what was loaded. */
  async ensureLoaded(): Promise<RootInfo> {
    return (await this.loadRoot()).info;
  }

  /** Loads the root unless a fresh one is loaded; concurrent callers share one request. */
  private loadRoot(): Promise<Root> {
    if (this.root && !this.dirty) return this.pending ?? Promise.resolve(this.root);
    if (this.pending && !this.dirty) return this.pending;
    this.dirty = false;
    const gen = ++this.generation;
    const filter = this._filter;
    const p = this.fetchRoot(filter).then((root) => {
      if (gen !== this.generation) return this.root ?? root;
      this.root = root;
      this.occurrences.clear();
      this.loadEmitter.fire(root.info);
      return root;
    });
    this.pending = p;
    void p.finally(() => {
      if (this.pending === p) this.pending = undefined;
    });
    return p;
  }

  private async fetchRoot(filter: string): Promise<Root> {
    try {
      const params = filter ? { filter, limit: OUTLINE_LIMIT } : { limit: OUTLINE_LIMIT };
      const result = await this.service.corpusOutline(params);
      return buildRoot(result, filter);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      return emptyRoot(filter, { kind: e instanceof ServerUnavailableError ? 'unavailable' : 'error', message }, this.root?.info.version);
    }
  }

  private occurrencesOf(node: VariantNode, load: boolean): Promise<readonly OccurrenceNode[]> | undefined {
    const cached = this.occurrences.get(node.id);
    if (cached || !load) return cached;
    const actorId = node.parent.actor.id;
    const p = this.service.occurrences({ actorId, variant: node.variant.text }).then(
      (list) => list.map((o) => occurrenceNode(node, o)),
      () => {
        this.occurrences.delete(node.id);
        return [];
      },
    );
    this.occurrences.set(node.id, p);
    return p;
  }

  /** The actor node for an actor id in the loaded tree (after loading it if needed), if it is listed. */
  async findActorNode(actorId: string): Promise<ActorNode | undefined> {
    const root = await this.loadRoot();
    const n = root.byId.get(actorNodeId(actorId));
    return n?.kind === 'actor' ? n : undefined;
  }

  /** The actors of the loaded tree (after loading it if needed). */
  async actors(): Promise<readonly ActorNode[]> {
    const root = await this.loadRoot();
    return [...root.byId.values()].filter((n): n is ActorNode => n.kind === 'actor');
  }

  /** The occurrences of a variant node (fetched when not loaded). */
  async occurrencesOfVariant(node: VariantNode): Promise<readonly OccurrenceNode[]> {
    return (await this.occurrencesOf(node, true)) ?? [];
  }

  /** The loaded tree as plain data (types, actors, variants; occurrences if loaded or requested). */
  async snapshot(options: SnapshotOptions = {}): Promise<TreeSnapshotNode[]> {
    const depth = options.depth ?? 3;
    const root = await this.loadRoot();
    const walk = async (nodes: readonly OutlineNode[], level: number): Promise<TreeSnapshotNode[]> =>
      Promise.all(
        nodes.map(async (n) => {
          const item = toTreeItem(n);
          const description = descriptionOf(item);
          let children: readonly OutlineNode[] | undefined;
          if (level < depth) {
            if (n.kind === 'type' || n.kind === 'actor') children = root.children.get(n.id) ?? [];
            else if (n.kind === 'variant') children = await this.occurrencesOf(n, options.loadOccurrences ?? false);
            else children = undefined;
          }
          const out: TreeSnapshotNode = {
            id: n.id,
            label: labelOf(item),
            ...(description !== undefined ? { description } : {}),
            ...(children ? { children: await walk(children, level + 1) } : {}),
          };
          return out;
        }),
      );
    return depth >= 1 ? walk(root.nodes, 1) : [];
  }

  dispose(): void {
    this.changeEmitter.dispose();
    this.loadEmitter.dispose();
  }
}
