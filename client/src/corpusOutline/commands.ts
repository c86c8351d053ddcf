/**
 * Commands of the Corpus Outline: refresh, filter / clear filter, fix one actor in the corpus, show an actor
 * (quick pick → reveal in the outline → open its first occurrence), and the test-only tree snapshot.
 */
import * as vscode from 'vscode';
import { ServerCommands, type ActorTypeName, type OutlineActor } from '../../../server/src/protocol';
import { Commands } from '../constants';
import type { ICorpusService } from '../corpusService';
import { reportError, reportFixResult } from '../errors';
import { requireTrust } from '../trust';
import { actorDescription, actorOf, openOccurrenceArgs, type OutlineNode } from './nodes';
import { OUTLINE_LIMIT, type CorpusOutlineProvider, type SnapshotOptions, type TreeSnapshotNode } from './provider';

const TYPE_CODICONS: Record<ActorTypeName, string> = { person: '$(person)', organization: '$(organization)', place: '$(location)' };

interface ActorPick extends vscode.QuickPickItem {
  readonly actor: OutlineActor;
}

/** Reveals an actor in the outline (clearing the filter when it hides the actor); false when it is not listed. */
async function revealActor(provider: CorpusOutlineProvider, treeView: vscode.TreeView<OutlineNode>, actorId: string): Promise<boolean> {
  let node = await provider.findActorNode(actorId);
  if (!node && provider.filter) {
    provider.setFilter('');
    node = await provider.findActorNode(actorId);
  }
  if (!node) return false;
  await vscode.commands.executeCommand(Commands.outlineFocus);
  await treeView.reveal(node, { select: true, focus: false, expand: true });
  return true;
}

async function pickActor(service: ICorpusService): Promise<OutlineActor | undefined> {
  const result = await service.corpusOutline({ limit: OUTLINE_LIMIT });
  if (result.actors.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No actors have been found in the corpus yet.'));
    return undefined;
  }
  const items: ActorPick[] = result.actors.map((actor) => ({
    label: `${TYPE_CODICONS[actor.type]} ${actor.canonical}`,
    description: actorDescription(actor),
    detail: actor.variants.length > 1 ? actor.variants.map((v) => v.text).join(' ، ') : undefined,
    actor,
  }));
  const pick = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Show Actor'),
    placeHolder: vscode.l10n.t('Type a name or a spelling to find an actor'),
    matchOnDescription: false,
    matchOnDetail: true,
  });
  return pick?.actor;
}

export function registerOutlineCommands(
  service: ICorpusService,
  provider: CorpusOutlineProvider,
  treeView: vscode.TreeView<OutlineNode>,
): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(Commands.outlineRefresh, () => provider.refresh()),

    vscode.commands.registerCommand(Commands.outlineFilter, async (value?: string) => {
      const filter =
        typeof value === 'string'
          ? value
          : await vscode.window.showInputBox({
              title: vscode.l10n.t('Filter the Corpus Outline'),
              prompt: vscode.l10n.t('Show only actors with a spelling that contains this text (hamza, diacritics and similar differences are ignored).'),
              placeHolder: vscode.l10n.t('A name or part of a name'),
              value: provider.filter,
            });
      if (filter === undefined) return;
      provider.setFilter(filter);
    }),

    vscode.commands.registerCommand(Commands.outlineClearFilter, () => provider.setFilter('')),

    vscode.commands.registerCommand(Commands.outlineFixActor, async (arg?: OutlineNode | string) => {
      const node = typeof arg === 'object' ? arg : treeView.selection[0];
      const actorId = typeof arg === 'string' ? arg : node ? actorOf(node)?.id : undefined;
      if (!actorId) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Select an actor in the Corpus Outline first.'));
        return undefined;
      }
      if (!requireTrust()) return undefined;
      try {
        const result = await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Fixing the spellings of this actor in the corpus…') },
          () => service.executeServerCommand(ServerCommands.fixActorInCorpus, [actorId]),
        );
        reportFixResult(result);
        return result;
      } catch (e) {
        reportError(e);
        return undefined;
      }
    }),

    vscode.commands.registerCommand(Commands.showActor, async (actorIdArg?: string) => {
      try {
        const actorId = typeof actorIdArg === 'string' ? actorIdArg : (await pickActor(service))?.id;
        if (!actorId) return false;
        const revealed = await revealActor(provider, treeView, actorId);
        const [first] = await service.occurrences({ actorId });
        if (first) {
          const [uri, options] = openOccurrenceArgs(first);
          await vscode.window.showTextDocument(uri, options);
        }
        return revealed;
      } catch (e) {
        reportError(e);
        return false;
      }
    }),

    vscode.commands.registerCommand(
      Commands.outlineGetTreeSnapshot,
      (options?: SnapshotOptions): Promise<TreeSnapshotNode[]> => provider.snapshot(options ?? {}),
    ),
  ];
}
