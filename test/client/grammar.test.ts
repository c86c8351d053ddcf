/**
 * The TextMate grammar of `arabic-news`: valid JSON, includes resolve, every regex uses only syntax that
 * Oniguruma (VS Code) and JavaScript read alike and compiles in JavaScript, and the rules do what they
 * should on sample lines written for this test (not taken from any article).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { MiniTextMate, type RawGrammar, type RawRule, type Token } from './miniTextMate';

const ROOT = path.resolve(__dirname, '../..');
const GRAMMAR_FILE = path.join(ROOT, 'syntaxes/arabic-news.tmLanguage.json');

interface RegexSite {
  readonly where: string;
  readonly source: string;
}

function collectRegexes(rule: RawRule & { repository?: Record<string, RawRule> }, where: string, out: RegexSite[]): void {
  for (const key of ['match', 'begin', 'end', 'while'] as const) {
    const v = (rule as Record<string, unknown>)[key];
    if (typeof v === 'string') out.push({ where: `${where}.${key}`, source: v });
  }
  rule.patterns?.forEach((p, i) => collectRegexes(p, `${where}.patterns[${i}]`, out));
  for (const [k, r] of Object.entries(rule.repository ?? {})) collectRegexes(r, `${where}.repository.${k}`, out);
  for (const capKey of ['captures', 'beginCaptures', 'endCaptures'] as const) {
    const caps = (rule as Record<string, unknown>)[capKey];
    if (caps && typeof caps === 'object') {
      for (const [k, c] of Object.entries(caps as Record<string, RawRule>)) collectRegexes(c, `${where}.${capKey}.${k}`, out);
    }
  }
}

function collectIncludes(rule: RawRule & { repository?: Record<string, RawRule> }, out: string[]): void {
  if (rule.include) out.push(rule.include);
  rule.patterns?.forEach((p) => collectIncludes(p, out));
  for (const r of Object.values(rule.repository ?? {})) collectIncludes(r, out);
  for (const capKey of ['captures', 'beginCaptures', 'endCaptures'] as const) {
    const caps = (rule as Record<string, unknown>)[capKey];
    if (caps && typeof caps === 'object') for (const c of Object.values(caps as Record<string, RawRule>)) collectIncludes(c, out);
  }
}

/**
 * Oniguruma-only constructs that JavaScript would either reject or silently read differently
 * (`\A` is a plain "A" in a JavaScript regex, `\h` a plain "h", …).
 */
const ONIGURUMA_ONLY: ReadonlyArray<readonly [RegExp, string]> = [
  [/\\[AGzZhHK]/, 'anchor or escape without a JavaScript equivalent (\\A \\G \\z \\Z \\h \\H \\K)'],
  [/\\x\{/, '\\x{…} escape'],
  [/\\p\{|\\P\{/, 'Unicode property (needs the u flag in JavaScript; write ranges instead)'],
  [/\(\?[imx-]+[):]/, 'inline option group'],
  [/\(\?>/, 'atomic group'],
  [/(?<!\\)[*+?}][+]/, 'possessive quantifier'],
  [/\[\[:/, 'POSIX bracket'],
  [/\\[0-9]{3}/, 'octal escape'],
  [/\(\?~/, 'absent operator'],
];

function stripEscapedBackslashes(src: string): string {
  return src.replace(/\\\\/g, '');
}

describe('arabic-news grammar', () => {
  const raw = fs.readFileSync(GRAMMAR_FILE, 'utf8');
  const grammar = JSON.parse(raw) as RawGrammar & { repository: Record<string, RawRule> };
  const regexes: RegexSite[] = [];
  collectRegexes(grammar, 'grammar', regexes);
  const tm = new MiniTextMate(grammar);
  const line = (text: string): Token[] => tm.tokenize([text])[0]!;
  const scopes = (text: string, needle: string): string => MiniTextMate.scopesAt(line(text), needle).join(' ');
  const allScopes = (text: string): string => line(text).flatMap((t) => t.scopes).join(' ');

  it('is valid JSON with the scope name the manifest uses', () => {
    assert.equal(grammar.scopeName, 'text.arabic-news');
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { contributes: { grammars: { scopeName: string; path: string }[] } };
    const contributed = pkg.contributes.grammars.find((g) => g.scopeName === grammar.scopeName);
    assert.ok(contributed, 'package.json contributes the grammar');
    assert.equal(path.resolve(ROOT, contributed.path), GRAMMAR_FILE);
  });

  it('has only includes that resolve', () => {
    const includes: string[] = [];
    collectIncludes(grammar, includes);
    assert.ok(includes.length > 0);
    for (const inc of includes) {
      if (inc === '$self' || inc === '$base') continue;
      assert.match(inc, /^#/, `include ${inc} is a repository reference`);
      assert.ok(grammar.repository[inc.slice(1)], `repository has ${inc}`);
    }
  });

  it('uses only regex syntax that Oniguruma and JavaScript read alike', () => {
    assert.ok(regexes.length >= 15, `found ${regexes.length} regexes`);
    for (const { where, source } of regexes) {
      const s = stripEscapedBackslashes(source);
      for (const [bad, what] of ONIGURUMA_ONLY) assert.doesNotMatch(s, bad, `${where}: ${what}`);
    }
  });

  it('compiles every regex in JavaScript (with and without the u flag)', () => {
    for (const { where, source } of regexes) {
      assert.doesNotThrow(() => new RegExp(source), `${where}: ${source}`);
      assert.doesNotThrow(() => new RegExp(source, 'u'), `${where} (u flag): ${source}`);
    }
  });

  describe('quotations', () => {
    it('guillemets «…»', () => {
      assert.match(scopes('صرّح المتحدث بأن «الوضع هادئ تماما» هذا الصباح.', 'الوضع هادئ'), /meta\.quote\.guillemet/);
      assert.doesNotMatch(scopes('صرّح المتحدث بأن «الوضع هادئ تماما» هذا الصباح.', 'هذا الصباح'), /quote/);
    });
    it('curly quotes “…”, also when opened with ”', () => {
      assert.match(scopes('وأضافت: “سنواصل العمل”، ثم انصرفت.', 'سنواصل'), /meta\.quote\.double\.curly/);
      assert.match(scopes('التقى الوفد بممثل ”الهيئة” أمس.', 'الهيئة'), /meta\.quote\.double\.curly/);
      assert.doesNotMatch(scopes('التقى الوفد بممثل ”الهيئة” أمس.', 'أمس'), /quote/);
    });
    it('straight quotes "…"', () => {
      assert.match(scopes('ووصف البيان الخطوة بأنها "تاريخية" بكل المقاييس.', 'تاريخية'), /meta\.quote\.double\.straight/);
    });
    it('nested quotation and an unclosed quote that stops at the end of the line', () => {
      assert.match(scopes('قال «إن عبارة “لا تراجع” تكفي» للجميع', 'لا تراجع'), /guillemet.*curly/);
      const [l1, l2] = tm.tokenize(['بدأ الاقتباس «ولم يغلق', 'سطر عادي بعده']);
      assert.match(MiniTextMate.scopesAt(l1!, 'يغلق').join(' '), /guillemet/);
      assert.equal(l2!.flatMap((t) => t.scopes).length, 0);
    });
  });

  describe('datelines', () => {
    it('a city followed by " - " or " – " at the start of a line', () => {
      assert.match(scopes('دمشق - ذكرت مصادر رسمية أن الطريق أعيد فتحه.', 'دمشق'), /meta\.dateline\.arabic-news meta\.dateline\.city/);
      assert.match(scopes('عمّان – أعلنت الحكومة خطة جديدة للنقل العام.', 'عمّان'), /meta\.dateline\.city/);
      assert.match(scopes('الدار البيضاء - افتُتح المعرض السنوي للكتاب.', 'البيضاء'), /meta\.dateline\.city/);
      assert.doesNotMatch(scopes('دمشق - ذكرت مصادر رسمية أن الطريق أعيد فتحه.', 'ذكرت'), /dateline/);
    });
    it('with a date and an agency', () => {
      const l = 'الرباط، 5 تموز (د ب أ) - وقّع الطرفان اتفاقا للتعاون.';
      assert.match(scopes(l, 'الرباط'), /meta\.dateline\.city/);
      assert.match(scopes(l, 'د ب أ'), /meta\.dateline/);
    });
    it('not a dash in the middle of a sentence', () => {
      assert.doesNotMatch(allScopes('وقال المسؤول إن الاجتماع - الذي استمر ساعتين - كان مثمرا.'), /dateline/);
      assert.doesNotMatch(allScopes('انتهت المباراة بالتعادل 2-2 في الملعب البلدي.'), /dateline/);
    });
  });

  describe('bylines', () => {
    for (const l of ['بقلم: سلمى الحداد', 'بقلم يوسف العلي', 'كتبت منى سالم', 'كتب: فريق التحرير', 'تقرير: مراسلنا في الخرطوم', 'عن هيئة الإذاعة المحلية', 'عن وكالات']) {
      it(l, () => assert.match(allScopes(l), /meta\.byline/));
    }
    it('not ordinary sentences that start with the same words', () => {
      assert.doesNotMatch(allScopes('عن طريق الحوار وحده يمكن حل الأزمة بين الطرفين، حسب قوله.'), /byline/);
      assert.doesNotMatch(allScopes('كتب الوزير رسالة مطولة إلى نظيره، وأكد فيها موقف بلاده.'), /byline/);
      assert.doesNotMatch(allScopes('عن 25 عاما توفي الكاتب'), /byline/);
    });
  });

  describe('site boilerplate', () => {
    for (const l of ['اترك تعليقاً', 'اترك تعليقا', 'أضف تعليقك', 'لن يتم نشر عنوان بريدك الإلكتروني.', 'الحقول الإلزامية مشار إليها بـ *', 'مشاركة :', 'شارك الخبر', 'شارك على: فيسبوك تويتر واتساب', 'اقرأ أيضاً: افتتاح جسر جديد فوق النهر', 'إقرأ أيضا : موسم الحصاد يبدأ مبكرا', '  •  ', '•', ' • 7/9/2016', 'الرئيسية / رياضة / نتائج الجولة الأخيرة', 'أنت هنا: الرئيسية » أخبار محلية']) {
      it(JSON.stringify(l), () => assert.match(allScopes(l), /comment\.(line|block)\.boilerplate/));
    }
    it('a "see also" block: the short lines after the heading, up to a blank line', () => {
      const lines = tm.tokenize(['شاهد أيضاً', 'عنوان أول قصير', 'عنوان ثان قصير', '', 'فقرة عادية بعد الكتلة.']);
      assert.match(lines[1]!.flatMap((t) => t.scopes).join(' '), /see-also/);
      assert.match(lines[2]!.flatMap((t) => t.scopes).join(' '), /see-also/);
      assert.equal(lines[4]!.flatMap((t) => t.scopes).length, 0);
    });
    it('a "see also" block ends at a paragraph-length line', () => {
      const long = 'هذه فقرة طويلة من متن الخبر تتحدث عن تفاصيل كثيرة ولا علاقة لها بروابط المواقع، وتستمر حتى تتجاوز مئة حرف بوضوح تام.';
      const lines = tm.tokenize(['اقرأ أيضا', 'رابط قصير', long]);
      assert.match(lines[1]!.flatMap((t) => t.scopes).join(' '), /see-also/);
      assert.doesNotMatch(lines[2]!.flatMap((t) => t.scopes).join(' '), /see-also/);
    });
    it('not ordinary sentences', () => {
      assert.doesNotMatch(allScopes('المهمة الرئيسية للبعثة هي حماية المدنيين / حسب البيان'), /boilerplate/);
      assert.doesNotMatch(allScopes('وطالب النواب بمشاركة أوسع في صنع القرار.'), /boilerplate/);
      assert.doesNotMatch(allScopes('• بدأ العمل في المشروع الجديد هذا الأسبوع'), /boilerplate/);
    });
  });

  describe('dates, numbers and Latin text', () => {
    it('dates', () => {
      assert.match(scopes('وقع الحادث في 3/4/2019 صباحا', '3/4/2019'), /meta\.date\.numeric/);
      assert.match(scopes('يبدأ المؤتمر في 12 شباط 2020 بحضور الوفود', '12 شباط 2020'), /meta\.date\.arabic-news/);
      assert.match(scopes('منذ 9 أكتوبر/تشرين الأول الماضي', '9 أكتوبر/تشرين الأول'), /meta\.date\.arabic-news/);
      assert.match(scopes('في نوفمبر ٢٠٢١ أعلنت الشركة', 'نوفمبر ٢٠٢١'), /meta\.date\.arabic-news/);
      assert.match(scopes('عند الساعة 09:15 مساء', '09:15'), /meta\.time/);
    });
    it('numbers, Western and Arabic-Indic', () => {
      assert.match(scopes('ارتفع المؤشر بنسبة 4.5% اليوم', '4.5%'), /meta\.number/);
      assert.match(scopes('شارك ١٢٠ متطوعا', '١٢٠'), /meta\.number/);
    });
    it('Latin runs, without a trailing full stop', () => {
      const l = 'وقّعت شركة Blue River Energy اتفاقا مع UNDP.';
      assert.match(scopes(l, 'Blue River'), /meta\.latin/);
      assert.equal(line(l).find((t) => t.scopes.some((s) => s.startsWith('meta.latin')) && t.text.startsWith('UNDP'))?.text, 'UNDP');
    });
  });

  it('leaves ordinary sentences alone', () => {
    for (const l of [
      'هذه فقرة عادية تتحدث عن الأحداث الجارية في المنطقة دون أي عناصر خاصة.',
      'وأكد المسؤول أن الحكومة ستواصل جهودها لتحسين الخدمات العامة في المدن الكبرى.',
      'عن قرب تابع السكان أعمال الترميم التي طالت السوق القديم طوال الصيف الماضي.',
      'كتب التاريخ صفحة جديدة حين اجتمع الطرفان بعد سنوات من القطيعة، وفق المراقبين.',
    ]) {
      assert.equal(allScopes(l), '', l);
    }
  });

  /*
   * VS Code renders an LTR line that contains RTL text with one <span style="unicode-bidi:isolate"> per differently
   * styled token, which lays the Arabic fragments of a split line out left to right: words in the wrong order
   * (microsoft/vscode#11770). vscode-textmate merges neighbouring tokens whose style and token type are equal, so a
   * line stays one span when everything inside it has meta.* scopes (no theme colours them, and unlike comment.*,
   * string.* or *.regex.* they set no token type). Only rules that cover whole lines may have coloured scopes.
   */
  describe('one span per line (Arabic stays in reading order, VS Code #11770)', () => {
    interface AnyRule extends RawRule {
      readonly beginCaptures?: Readonly<Record<string, RawRule>>;
      readonly endCaptures?: Readonly<Record<string, RawRule>>;
      readonly repository?: Readonly<Record<string, RawRule>>;
    }
    const anchoredAtBothEnds = (re: string | undefined): boolean => !!re && re.startsWith('^') && /(^|[^\\])(\\\\)*\$$/.test(re);
    /** A match rule from ^ to $, or a begin/end block of whole lines (begin ^…$, end at a line start) with nothing inside. */
    const isWholeLine = (r: AnyRule): boolean =>
      r.match !== undefined
        ? anchoredAtBothEnds(r.match)
        : r.begin !== undefined && anchoredAtBothEnds(r.begin) && /^\^/.test(r.end ?? '') && !(r.end ?? '').split('|').some((alt) => !alt.startsWith('^')) && !r.patterns?.length;
    const names = (r: RawRule | undefined): string[] => (r?.name ? r.name.split(/\s+/) : []).concat(r?.contentName ? r.contentName.split(/\s+/) : []);
    const captureNames = (r: AnyRule): { where: string; scopes: string[] }[] =>
      (['captures', 'beginCaptures', 'endCaptures'] as const).flatMap((k) => Object.entries(r[k] ?? {}).map(([n, c]) => ({ where: `${k}.${n}`, scopes: names(c) })));
    /** Every rule of the grammar with its path, including rules nested in patterns and in captures' patterns. */
    const rules: { where: string; rule: AnyRule }[] = [];
    const walk = (r: AnyRule, where: string): void => {
      rules.push({ where, rule: r });
      r.patterns?.forEach((p, i) => walk(p, `${where}.patterns[${i}]`));
      for (const k of ['captures', 'beginCaptures', 'endCaptures'] as const) for (const [n, c] of Object.entries((r as AnyRule)[k] ?? {})) c.patterns?.forEach((p, i) => walk(p, `${where}.${k}.${n}.patterns[${i}]`));
    };
    for (const [k, r] of Object.entries(grammar.repository)) walk(r, `#${k}`);
    (grammar.patterns ?? []).forEach((p, i) => walk(p, `patterns[${i}]`));
    const sets = (scope: string): boolean => /(^|\.)(comment|string|regex)(\.|$)|^meta\.embedded/.test(scope);
    const inlineOk = (scope: string): boolean => scope.startsWith('meta.') && !sets(scope);

    it('every scope the grammar gives to text inside a line starts with meta. (and sets no token type)', () => {
      let inline = 0;
      let whole = 0;
      for (const { where, rule } of rules) {
        const wholeLine = isWholeLine(rule);
        if (wholeLine) whole += 1;
        else if (names(rule).length) inline += 1;
        // A whole-line rule may colour its line; what it captures inside the line must not split it.
        for (const s of wholeLine ? [] : names(rule)) assert.ok(inlineOk(s), `${where}: inline scope ${s}`);
        for (const c of captureNames(rule)) for (const s of c.scopes) assert.ok(inlineOk(s), `${where}.${c.where}: scope ${s} inside a line`);
      }
      assert.ok(whole >= 10 && inline >= 10, `${whole} whole-line rules, ${inline} inline rules`);
    });

    it('the coloured rules are exactly the boilerplate and byline rules, and they are whole-line rules', () => {
      const coloured = rules.filter(({ rule }) => names(rule).some((s) => !s.startsWith('meta.')));
      for (const { where, rule } of coloured) {
        assert.match(where, /^#(boilerplate|byline)\.patterns\[\d+\]$/, `${where} is coloured`);
        assert.ok(isWholeLine(rule), `${where} does not cover whole lines`);
      }
      for (const k of ['boilerplate', 'byline']) for (const r of grammar.repository[k]!.patterns!) assert.ok(isWholeLine(r as AnyRule), `#${k}: ${r.name}`);
    });

    /** The scopes of a token that may style it (meta.* do not). */
    const styled = (t: Token): string => t.scopes.filter((s) => !s.startsWith('meta.')).join(' ');

    it('whole-line rules style the whole line, leading and trailing whitespace included, as one token style', () => {
      const pads: [string, string][] = [['', ''], ['  ', '  '], ['\t', ' \u00A0'], ['\u00A0', '\t ']];
      const samples = [
        'اترك تعليقاً', 'لن يتم نشر عنوان بريدك الإلكتروني.', 'شارك على: فيسبوك تويتر واتساب', 'مشاركة :',
        'اقرأ أيضاً: افتتاح جسر جديد فوق النهر 2019 «الكبير»', '•  •', '• 7/9/2016', 'الرئيسية / رياضة / نتائج الجولة 12',
        'بقلم: سلمى الحداد', 'كتب: فريق التحرير في 3 مايو', 'بقلم يوسف العلي', 'عن وكالات',
      ];
      for (const sample of samples) {
        for (const [before, after] of pads) {
          const text = before + sample + after;
          const tokens = line(text);
          assert.equal(tokens.map((t) => t.text).join(''), text);
          const styles = new Set(tokens.map(styled));
          assert.equal(styles.size, 1, `${JSON.stringify(text)} has tokens styled ${JSON.stringify([...styles])}`);
          assert.notEqual([...styles][0], '', `${JSON.stringify(text)} is not styled as a whole line`);
        }
      }
      const block = tm.tokenize(['  شاهد أيضاً  ', ' عنوان أول قصير ', 'عنوان ثان 2020 “قصير” ', '']);
      for (const l of block.slice(0, 3)) {
        assert.equal(new Set(l.map(styled)).size, 1, JSON.stringify(l));
        assert.match(styled(l[0]!), /comment\.block\.boilerplate\.see-also/);
      }
    });

    it('lines of article text get no styled scope at all, however much they contain', () => {
      for (const text of [
        'الرباط، 5 تموز (د ب أ) - قال «المتحدث» إن “العمل” سيبدأ في 3/4/2019 عند الساعة 09:15 بنسبة 4.5% مع شركة Blue River على www.example.com',
        'دمشق - ذكرت مصادر أن "الطريق" أعيد فتحه أمام ١٢٠ شاحنة منذ 9 أكتوبر/تشرين الأول 2020 ‘مؤقتا’.',
        'قال «إن عبارة “لا تراجع” تكفي» للجميع',
      ]) {
        const tokens = line(text);
        assert.ok(tokens.some((t) => t.scopes.length > 0), `nothing recognized in ${text}`);
        for (const t of tokens) for (const s of t.scopes) assert.ok(inlineOk(s), `${JSON.stringify(t.text)}: ${s}`);
      }
    });

    it('semantic token types are contributed without a superType or scope mapping that default themes colour', () => {
      const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
        contributes: { semanticTokenTypes?: { id: string; superType?: string; description?: string }[]; semanticTokenScopes?: unknown[]; semanticTokenModifiers?: { id: string }[] };
      };
      const types = pkg.contributes.semanticTokenTypes ?? [];
      assert.deepEqual(types.map((t) => t.id).sort(), ['organization', 'person', 'place']);
      for (const t of types) {
        assert.equal(t.superType, undefined, `${t.id} has superType ${t.superType}`);
        assert.ok(t.description, `${t.id} has a description`);
      }
      assert.deepEqual(pkg.contributes.semanticTokenModifiers?.map((m) => m.id), ['variant']);
      assert.equal(pkg.contributes.semanticTokenScopes, undefined, 'semanticTokenScopes map the types to scopes that themes colour');
    });

    it('the [arabic-news] editor defaults add no inline decorations that split lines or box no-break spaces', () => {
      const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { contributes: { configurationDefaults?: Record<string, Record<string, unknown>> } };
      const d = pkg.contributes.configurationDefaults?.['[arabic-news]'] ?? {};
      // Bracket-pair colours are inline decorations: each coloured ( ) [ ] would be a span of its own.
      assert.equal(d['editor.bracketPairColorization.enabled'], false);
      // U+00A0 is both "invisible" and "confusable with U+0020": allowed, so it is not boxed; Arabic-Indic digits
      // (١٠٠, ٥, ٠) count as ambiguous characters and would be boxed too.
      assert.deepEqual(d['editor.unicodeHighlight.allowedCharacters'], { '\u00A0': true });
      assert.equal(d['editor.unicodeHighlight.ambiguousCharacters'], false);
      assert.equal(d['editor.wordWrap'], 'on');
    });
  });
});
