/**
 * The extension manifest and its localization: %keys% exist in English and Arabic, commands have titles and
 * categories, menus/views/welcome links refer to real commands, settings match the protocol's defaults, and
 * every `vscode.l10n.t('…')` string in client/src has an Arabic translation.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_SETTINGS } from '../../server/src/protocol';
import { Commands, Contexts, LANGUAGE_ID, OUTLINE_VIEW_ID, VIEW_CONTAINER_ID } from '../../client/src/constants';

const ROOT = path.resolve(__dirname, '../..');
const readJson = <T>(rel: string): T => JSON.parse(fs.readFileSync(path.join(ROOT, rel), 'utf8')) as T;

interface CommandContribution {
  command: string;
  title?: string;
  category?: string;
  icon?: string;
}
interface MenuItem {
  command?: string;
  when?: string;
  group?: string;
}
interface ConfigProperty {
  type?: string;
  default?: unknown;
  description?: string;
  markdownDescription?: string;
  enum?: string[];
  enumDescriptions?: string[];
  items?: { enum?: string[]; enumDescriptions?: string[] };
}
interface Manifest {
  main: string;
  l10n: string;
  displayName: string;
  description: string;
  activationEvents: string[];
  contributes: {
    languages: { id: string; aliases?: string[]; extensions?: string[]; configuration?: string }[];
    grammars: { language: string; scopeName: string; path: string }[];
    commands: CommandContribution[];
    menus: Record<string, MenuItem[]>;
    viewsContainers: Record<string, { id: string; title: string; icon: string }[]>;
    views: Record<string, { id: string; name: string; icon?: string }[]>;
    viewsWelcome: { view: string; contents: string; when?: string }[];
    configuration: { title: string; properties: Record<string, ConfigProperty> };
    semanticTokenTypes?: { id: string; description: string }[];
  };
}

const pkg = readJson<Manifest>('package.json');
const nls = readJson<Record<string, string>>('package.nls.json');
const nlsAr = readJson<Record<string, string>>('package.nls.ar.json');
const bundleAr = readJson<Record<string, string>>('l10n/bundle.l10n.ar.json');

function allStrings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => allStrings(v, out));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => allStrings(v, out));
  return out;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

/** The string literal arguments of `l10n.t(…)` calls (single, double or template quotes without `${}`). */
function l10nStrings(src: string): { literal: string[]; nonLiteral: string[] } {
  const literal: string[] = [];
  const nonLiteral: string[] = [];
  for (const m of src.matchAll(/\bl10n\.t\(\s*/g)) {
    const rest = src.slice(m.index + m[0].length);
    const q = rest[0];
    if (q === "'" || q === '"' || q === '`') {
      let i = 1;
      let s = '';
      while (i < rest.length && rest[i] !== q) {
        if (rest[i] === '\\') {
          const next = rest[i + 1]!;
          s += next === 'n' ? '\n' : next === 't' ? '\t' : next;
          i += 2;
        } else {
          s += rest[i];
          i++;
        }
      }
      if (q === '`' && s.includes('${')) nonLiteral.push(rest.slice(0, 60));
      else literal.push(s);
    } else {
      nonLiteral.push(rest.slice(0, 60));
    }
  }
  return { literal, nonLiteral };
}

const placeholders = (s: string): string[] => [...s.matchAll(/\{(\d+)\}/g)].map((m) => m[1]!).sort();

describe('extension manifest', () => {
  const commandIds = new Set(pkg.contributes.commands.map((c) => c.command));

  it('main, l10n and the files it points to exist', () => {
    assert.equal(pkg.main, './dist/client.js');
    assert.equal(pkg.l10n, './l10n');
    assert.ok(fs.existsSync(path.join(ROOT, 'client/src/extension.ts')));
    for (const l of pkg.contributes.languages) if (l.configuration) assert.ok(fs.existsSync(path.join(ROOT, l.configuration)), l.configuration);
    for (const g of pkg.contributes.grammars) assert.ok(fs.existsSync(path.join(ROOT, g.path)), g.path);
    for (const c of Object.values(pkg.contributes.viewsContainers).flat()) {
      if (!c.icon.startsWith('$(')) assert.ok(fs.existsSync(path.join(ROOT, c.icon)), c.icon);
    }
    JSON.parse(fs.readFileSync(path.join(ROOT, 'language-configuration.json'), 'utf8'));
  });

  it('every %key% exists in package.nls.json and package.nls.ar.json', () => {
    const keys = allStrings(pkg).flatMap((s) => [...s.matchAll(/^%([^%\s]+)%$/g)].map((m) => m[1]!));
    assert.ok(keys.length > 20, `found ${keys.length} keys`);
    for (const k of keys) {
      assert.ok(typeof nls[k] === 'string' && nls[k] !== '', `package.nls.json has ${k}`);
      assert.ok(typeof nlsAr[k] === 'string' && nlsAr[k] !== '', `package.nls.ar.json has ${k}`);
    }
  });

  it('package.nls.ar.json translates exactly the English keys, keeping command links', () => {
    assert.deepEqual(Object.keys(nlsAr).sort(), Object.keys(nls).sort());
    for (const [k, en] of Object.entries(nls)) {
      const links = (s: string): string[] => [...s.matchAll(/\(command:([^)\s]+)\)/g)].map((m) => m[1]!).sort();
      assert.deepEqual(links(nlsAr[k]!), links(en), `command links of ${k}`);
    }
  });

  it('the arabic-news language: aliases, .arnews, language configuration, grammar', () => {
    const lang = pkg.contributes.languages.find((l) => l.id === LANGUAGE_ID);
    assert.ok(lang);
    assert.equal(lang.aliases?.[0], 'Arabic News Article');
    assert.deepEqual(lang.extensions, ['.arnews']);
    assert.equal(lang.configuration, './language-configuration.json');
    const g = pkg.contributes.grammars.find((x) => x.language === LANGUAGE_ID);
    assert.equal(g?.scopeName, 'text.arabic-news');
  });

  it('every command has a title and a category, both localized', () => {
    for (const c of pkg.contributes.commands) {
      assert.match(c.title ?? '', /^%.+%$/, `${c.command} title`);
      assert.match(c.category ?? '', /^%.+%$/, `${c.command} category`);
      assert.equal(nls[c.category!.slice(1, -1)], 'Arabic News');
    }
  });

  it('the commands the client uses are contributed, and every contributed command is used by the client', () => {
    const generated = new Set<string>([Commands.outlineFocus]);
    for (const id of Object.values(Commands)) if (!generated.has(id)) assert.ok(commandIds.has(id), `contributed: ${id}`);
    const src = sourceFiles(path.join(ROOT, 'client/src')).map((f) => fs.readFileSync(f, 'utf8')).join('\n');
    const constants = new Map<string, string>(Object.entries(Commands).map(([k, v]) => [v, k]));
    for (const id of commandIds) {
      const key = constants.get(id);
      assert.ok(key, `${id} is in client/src/constants.ts`);
      assert.match(src, new RegExp(`registerCommand\\(\\s*Commands\\.${key}\\b`), `${id} is registered`);
    }
  });

  it('menus, views and welcome content refer to existing commands and views', () => {
    for (const [menu, items] of Object.entries(pkg.contributes.menus)) {
      for (const item of items) {
        if (item.command) assert.ok(commandIds.has(item.command), `${menu}: ${item.command}`);
        if (menu === 'view/title' || menu === 'view/item/context') assert.match(item.when ?? '', new RegExp(`view == ${OUTLINE_VIEW_ID.replace('.', '\\.')}`), `${menu}: ${item.command} when`);
        if (item.group === 'inline' || menu === 'view/title') {
          const c = pkg.contributes.commands.find((x) => x.command === item.command);
          if (item.group === 'inline' || item.group?.startsWith('navigation')) assert.ok(c?.icon, `${item.command} has an icon`);
        }
      }
    }
    const palette = pkg.contributes.menus['commandPalette'] ?? [];
    assert.equal(palette.find((m) => m.command === Commands.outlineGetTreeSnapshot)?.when, 'false', 'snapshot command hidden from the palette');
    const fixActor = (pkg.contributes.menus['view/item/context'] ?? []).find((m) => m.command === Commands.outlineFixActor);
    assert.match(fixActor?.when ?? '', /viewItem == actor/);

    const containers = pkg.contributes.viewsContainers['activitybar'] ?? [];
    assert.ok(containers.some((c) => c.id === VIEW_CONTAINER_ID));
    const views = pkg.contributes.views[VIEW_CONTAINER_ID] ?? [];
    assert.ok(views.some((v) => v.id === OUTLINE_VIEW_ID));
    const viewIds = new Set(Object.values(pkg.contributes.views).flat().map((v) => v.id));
    for (const w of pkg.contributes.viewsWelcome) {
      assert.ok(viewIds.has(w.view), w.view);
      const text = nls[w.contents.slice(1, -1)] ?? w.contents;
      for (const m of text.matchAll(/\(command:([^)\s?]+)/g)) assert.ok(commandIds.has(m[1]!), `welcome link ${m[1]}`);
      for (const key of (w.when ?? '').matchAll(/arabicNews\.[\w.]+/g)) assert.ok(Object.values(Contexts).includes(key[0] as never), `context key ${key[0]}`);
    }
  });

  it('activation events cover the language, plain text, the workspace, the view and every command', () => {
    const ev = new Set(pkg.activationEvents);
    for (const e of ['onLanguage:arabic-news', 'onLanguage:plaintext', 'workspaceContains:**/*.arnews', 'workspaceContains:**/*.txt', `onView:${OUTLINE_VIEW_ID}`]) assert.ok(ev.has(e), e);
    for (const c of commandIds) assert.ok(ev.has(`onCommand:${c}`), `onCommand:${c}`);
  });

  it('the annotations file gets the shipped JSON Schema (jsonValidation), and the VSIX ships it', () => {
    const jv = (pkg.contributes as unknown as { jsonValidation: Array<{ fileMatch: string[]; url: string }> }).jsonValidation;
    assert.ok(jv.some((j) => j.fileMatch.includes('**/' + DEFAULT_SETTINGS.annotations.file) && fs.existsSync(path.join(ROOT, j.url))));
    assert.match(fs.readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8'), /^!schemas\/\*\*$/m);
  });

  it('settings match ArabicNewsSettings and its defaults', () => {
    const props = pkg.contributes.configuration.properties;
    const expect: Record<string, unknown> = {
      'arabicNews.files.include': DEFAULT_SETTINGS.files.include,
      'arabicNews.files.exclude': DEFAULT_SETTINGS.files.exclude,
      'arabicNews.diagnostics.severity': DEFAULT_SETTINGS.diagnostics.severity,
      'arabicNews.diagnostics.minMentions': DEFAULT_SETTINGS.diagnostics.minMentions,
      'arabicNews.diagnostics.ignoreNames': DEFAULT_SETTINGS.diagnostics.ignoreNames,
      'arabicNews.diagnostics.ignore': DEFAULT_SETTINGS.diagnostics.ignore,
      'arabicNews.diagnostics.missingSpace': DEFAULT_SETTINGS.diagnostics.missingSpace,
      'arabicNews.annotations.file': DEFAULT_SETTINGS.annotations.file,
      'arabicNews.detectArticles': true,
      'arabicNews.outline.followCursor': true,
      'arabicNews.trace.server': 'off',
    };
    assert.deepEqual(Object.keys(props).sort(), Object.keys(expect).sort());
    for (const [k, v] of Object.entries(expect)) assert.deepEqual(props[k]!.default, v, `${k} default`);
    assert.deepEqual(props['arabicNews.diagnostics.severity']!.enum, ['error', 'warning', 'information', 'hint']);
    assert.deepEqual(props['arabicNews.trace.server']!.enum, ['off', 'messages', 'verbose']);
    const kinds = props['arabicNews.diagnostics.ignore']!.items?.enum ?? [];
    assert.deepEqual(kinds, ['diacritics', 'tatweel', 'invisible', 'alefHamza', 'alefMaqsura', 'taMarbuta', 'hamzaSeat', 'digits', 'letterForm']);
    for (const d of DEFAULT_SETTINGS.diagnostics.ignore) assert.ok(kinds.includes(d), d);
    for (const [k, p] of Object.entries(props)) {
      assert.match(p.description ?? p.markdownDescription ?? '', /^%.+%$/, `${k} description is localized`);
      const enumDescriptions = p.enumDescriptions ?? p.items?.enumDescriptions;
      const enumValues = p.enum ?? p.items?.enum;
      if (enumDescriptions) assert.equal(enumDescriptions.length, enumValues?.length, `${k} enumDescriptions`);
    }
  });

  it('every vscode.l10n.t string in client/src has an Arabic translation with the same placeholders', () => {
    const files = sourceFiles(path.join(ROOT, 'client/src'));
    const strings = new Set<string>();
    for (const f of files) {
      const { literal, nonLiteral } = l10nStrings(fs.readFileSync(f, 'utf8'));
      assert.deepEqual(nonLiteral, [], `${path.relative(ROOT, f)}: l10n.t must get a string literal`);
      literal.forEach((s) => strings.add(s));
    }
    assert.ok(strings.size > 20, `found ${strings.size} strings`);
    for (const s of strings) {
      const ar = bundleAr[s];
      assert.ok(typeof ar === 'string' && ar !== '', `Arabic translation for: ${s}`);
      assert.deepEqual(placeholders(ar), placeholders(s), `placeholders of: ${s}`);
    }
    const unused = Object.keys(bundleAr).filter((k) => !strings.has(k));
    assert.deepEqual(unused, [], 'no stale entries in bundle.l10n.ar.json');
  });
});
