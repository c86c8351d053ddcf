/**
 * Restricted Mode: in an untrusted workspace the client refuses the corpus-wide fixes (they change articles that
 * are not open) before asking the server, and says why with a way to manage trust; in a trusted one they run.
 * The manifest declares the limited support. (The server refuses them too: test/server/security.test.ts.)
 */
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { installFakeVscode, commands, recorded, workspace } from './fakeVscode';
import type { CorpusStats } from '../../server/src/protocol';

installFakeVscode();
const { registerServerCommands } = require('../../client/src/serverCommands') as typeof import('../../client/src/serverCommands');
const { registerOutlineCommands } = require('../../client/src/corpusOutline/commands') as typeof import('../../client/src/corpusOutline/commands');
const { Commands } = require('../../client/src/constants') as typeof import('../../client/src/constants');
const { MANAGE_TRUST_COMMAND } = require('../../client/src/trust') as typeof import('../../client/src/trust');
type ICorpusService = import('../../client/src/corpusService').ICorpusService;

const ROOT = path.resolve(__dirname, '../..');

function fakeService(calls: Array<{ command: string; args: readonly unknown[] }>): ICorpusService {
  const stats: CorpusStats = { version: 1, articles: 5, actors: 40, spellingIssues: 12, indexing: false, pending: false };
  return {
    state: 'running',
    onDidChangeState: () => ({ dispose: () => undefined }),
    onCorpusChanged: () => ({ dispose: () => undefined }),
    onStatsChanged: () => ({ dispose: () => undefined }),
    corpusOutline: async () => ({ version: 1, actors: [], more: 0 }),
    occurrences: async () => [],
    actorAt: async () => null,
    stats: async () => stats,
    rebuildIndex: async () => stats,
    executeServerCommand: async (command: string, args: readonly unknown[]) => {
      calls.push({ command, args });
      return { applied: true, changes: 3 };
    },
  } as unknown as ICorpusService;
}

describe('workspace trust', () => {
  const calls: Array<{ command: string; args: readonly unknown[] }> = [];
  before(() => {
    const service = fakeService(calls);
    registerServerCommands(service, { restart: async () => undefined, outputChannel: { show: () => undefined } as never });
    registerOutlineCommands(service, {} as never, { selection: [] } as never);
  });
  beforeEach(() => {
    calls.length = 0;
    recorded.messages.length = 0;
    recorded.executed.length = 0;
    recorded.answer = undefined;
  });
  after(() => {
    workspace.isTrusted = true;
  });

  it('refuses the corpus-wide fixes in an untrusted workspace, before asking the server, and offers to manage trust', async () => {
    workspace.isTrusted = false;
    recorded.answer = 'Manage Workspace Trust';
    assert.equal(await commands.executeCommand(Commands.fixAllInCorpus, { confirm: false }), undefined);
    assert.equal(await commands.executeCommand(Commands.outlineFixActor, 'actor:person:x'), undefined);
    assert.deepEqual(calls, [], 'the server was asked to fix');
    const warnings = recorded.messages.filter((m) => m.kind === 'warning');
    assert.equal(warnings.length, 2);
    assert.match(warnings[0]!.message, /Restricted Mode/);
    await new Promise((r) => setImmediate(r));
    assert.ok(recorded.executed.some((e) => e.command === MANAGE_TRUST_COMMAND), 'the trust editor was opened on request');
  });

  it('runs them in a trusted workspace', async () => {
    workspace.isTrusted = true;
    await commands.executeCommand(Commands.fixAllInCorpus, { confirm: false });
    await commands.executeCommand(Commands.outlineFixActor, 'actor:person:x');
    assert.deepEqual(calls.map((c) => c.command), ['arabicNews.server.fixAllInCorpus', 'arabicNews.server.fixActorInCorpus']);
  });

  it('the manifest declares limited support, localized, restricting only real settings, and hides the fix commands', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const nls = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.nls.json'), 'utf8'));
    const nlsAr = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.nls.ar.json'), 'utf8'));
    const u = pkg.capabilities.untrustedWorkspaces;
    assert.equal(u.supported, 'limited');
    const key = /^%(.+)%$/.exec(u.description)![1]!;
    assert.match(nls[key], /Restricted Mode/);
    assert.ok(nlsAr[key]);
    for (const c of u.restrictedConfigurations) assert.ok(pkg.contributes.configuration.properties[c], c);
    const menus = Object.values(pkg.contributes.menus).flat() as Array<{ command: string; when?: string }>;
    for (const m of menus.filter((x) => x.command === Commands.fixAllInCorpus || x.command === Commands.outlineFixActor)) {
      assert.ok(m.when === 'false' || /\bisWorkspaceTrusted\b/.test(m.when ?? ''), `${m.command}: ${m.when}`);
    }
  });

  it('the language client passes trust to the server and never trusts markdown or HTML', () => {
    const src = fs.readFileSync(path.join(ROOT, 'client/src/languageClient.ts'), 'utf8');
    assert.match(src, /trusted: vscode\.workspace\.isTrusted/);
    assert.match(src, /onDidGrantWorkspaceTrust/);
    assert.match(src, /markdown: \{ isTrusted: false, supportHtml: false \}/);
    const walk = (d: string): string[] => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
    for (const f of walk(path.join(ROOT, 'client/src'))) {
      const s = fs.readFileSync(f, 'utf8');
      assert.doesNotMatch(s, /isTrusted\s*=\s*true|supportHtml\s*=\s*true|isTrusted:\s*true|supportHtml:\s*true/, f);
    }
  });
});
