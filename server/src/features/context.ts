/** What every LSP feature needs: the corpus, and helpers to find the mention under the cursor. */
import { Position } from 'vscode-languageserver';
import { WorkspaceCorpus } from '../lsp/workspaceCorpus';
import { CorpusSnapshot, ResolvedActor } from '../core/corpus/corpusIndex';
import { Mention } from '../core/model';
import { toOffset } from '../lsp/convert';

export interface FeatureContext {
  readonly corpus: WorkspaceCorpus;
  /** The version of an open document, or null when it is not open. */
  versionOf(uri: string): number | null;
  /** True when the client applies `documentChanges` (versioned edits). */
  readonly documentChanges: boolean;
  /** False in an untrusted workspace: then no edit reaches beyond the article asked about. */
  readonly trusted: boolean;
}

/** The error for a corpus-wide edit asked for in an untrusted workspace. */
export const UNTRUSTED_ANNOTATION_MESSAGE =
  'Arabic News: annotating, exporting and importing write files, so they are disabled in Restricted Mode (untrusted workspace). Trust the workspace to use them.';
export const UNTRUSTED_MESSAGE =
  'Arabic News: fixing spellings across the corpus changes articles that are not open, so it is disabled in Restricted Mode (untrusted workspace). Trust the workspace to use it.';

export interface MentionHit {
  readonly snapshot: CorpusSnapshot;
  readonly mention: Mention;
  readonly actor: ResolvedActor;
  readonly text: string;
}

/** The mention at a position (a clitic before the name counts as part of it), if any. */
export function mentionAt(ctx: FeatureContext, uri: string, position: Position): MentionHit | undefined {
  const text = ctx.corpus.text(uri);
  if (text === undefined) return undefined;
  const snapshot = ctx.corpus.snapshot();
  const mention = snapshot.mentionAt(uri, toOffset(text, position));
  if (!mention) return undefined;
  return { snapshot, mention, actor: snapshot.actorOf(mention), text };
}

/**
 * The actor's defining mention: its first, fullest mention in the corpus — most name tokens,
 * then earliest article (corpus order), then earliest offset.
 */
/** Per snapshot: the defining mention of each actor asked for. */
const definitions = new WeakMap<CorpusSnapshot, Map<string, Mention | undefined>>();

export function definingMention(snapshot: CorpusSnapshot, actorId: string): Mention | undefined {
  let byActor = definitions.get(snapshot);
  if (!byActor) definitions.set(snapshot, (byActor = new Map()));
  if (byActor.has(actorId)) return byActor.get(actorId);
  // Corpus order is the order of the sorted document identifiers (CorpusIndex.documents).
  let best: Mention | undefined;
  for (const m of snapshot.mentionsOf(actorId)) {
    if (!best || m.tokens.length > best.tokens.length ||
      (m.tokens.length === best.tokens.length && (m.doc < best.doc || (m.doc === best.doc && m.start < best.start)))) best = m;
  }
  byActor.set(actorId, best);
  return best;
}
