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
      assert.match(scopes('صرّح المتحدث بأن «الوضع هادئ تماما» هذا الصباح.', 'الوضع هادئ'), /string\.quoted\.other\.guillemet/);
      assert.doesNotMatch(scopes('صرّح المتحدث بأن «الوضع هادئ تماما» هذا الصباح.', 'هذا الصباح'), /string/);
    });
    it('curly quotes “…”, also when opened with ”', () => {
      assert.match(scopes('وأضافت: “سنواصل العمل”، ثم انصرفت.', 'سنواصل'), /string\.quoted\.double\.curly/);
      assert.match(scopes('التقى الوفد بممثل ”الهيئة” أمس.', 'الهيئة'), /string\.quoted\.double\.curly/);
      assert.doesNotMatch(scopes('التقى الوفد بممثل ”الهيئة” أمس.', 'أمس'), /string/);
    });
    it('straight quotes "…"', () => {
      assert.match(scopes('ووصف البيان الخطوة بأنها "تاريخية" بكل المقاييس.', 'تاريخية'), /string\.quoted\.double\.straight/);
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
      assert.match(scopes('دمشق - ذكرت مصادر رسمية أن الطريق أعيد فتحه.', 'دمشق'), /meta\.dateline.*entity\.name\.section/);
      assert.match(scopes('عمّان – أعلنت الحكومة خطة جديدة للنقل العام.', 'عمّان'), /entity\.name\.section/);
      assert.match(scopes('الدار البيضاء - افتُتح المعرض السنوي للكتاب.', 'البيضاء'), /entity\.name\.section/);
      assert.doesNotMatch(scopes('دمشق - ذكرت مصادر رسمية أن الطريق أعيد فتحه.', 'ذكرت'), /dateline/);
    });
    it('with a date and an agency', () => {
      const l = 'الرباط، 5 تموز (د ب أ) - وقّع الطرفان اتفاقا للتعاون.';
      assert.match(scopes(l, 'الرباط'), /entity\.name\.section/);
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
      assert.match(scopes('وقع الحادث في 3/4/2019 صباحا', '3/4/2019'), /constant\.numeric\.date/);
      assert.match(scopes('يبدأ المؤتمر في 12 شباط 2020 بحضور الوفود', '12 شباط 2020'), /constant\.other\.date/);
      assert.match(scopes('منذ 9 أكتوبر/تشرين الأول الماضي', '9 أكتوبر/تشرين الأول'), /constant\.other\.date/);
      assert.match(scopes('في نوفمبر ٢٠٢١ أعلنت الشركة', 'نوفمبر ٢٠٢١'), /constant\.other\.date/);
      assert.match(scopes('عند الساعة 09:15 مساء', '09:15'), /constant\.numeric\.time/);
    });
    it('numbers, Western and Arabic-Indic', () => {
      assert.match(scopes('ارتفع المؤشر بنسبة 4.5% اليوم', '4.5%'), /constant\.numeric/);
      assert.match(scopes('شارك ١٢٠ متطوعا', '١٢٠'), /constant\.numeric/);
    });
    it('Latin runs, without a trailing full stop', () => {
      const l = 'وقّعت شركة Blue River Energy اتفاقا مع UNDP.';
      assert.match(scopes(l, 'Blue River'), /markup\.other\.latin/);
      assert.equal(line(l).find((t) => t.scopes.some((s) => s.startsWith('markup.other')) && t.text.startsWith('UNDP'))?.text, 'UNDP');
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
});
