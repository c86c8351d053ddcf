import * as assert from 'node:assert/strict';
import { PlaceGazetteer, placeNameTokens, type PlaceEntry } from '../../server/src/core/lexicon/places';
import { normalize } from '../../server/src/core/text/normalize';
import cldrData from '../../server/resources/lexicons/places.json';
import anercorpData from '../../server/resources/lexicons/anercorp-places.json';

const g = PlaceGazetteer.default();
const cldr = PlaceGazetteer.cldr();

function find(word: string, gaz: PlaceGazetteer = g): PlaceEntry | undefined {
  return gaz.lookup(normalize(word));
}

function tokens(text: string): string[] {
  return normalize(text).split(' ');
}

describe('PlaceGazetteer (CLDR + ANERcorp)', () => {
  it('resources are well-formed, sorted by norm, and norm = normalize(name)', () => {
    for (const data of [cldrData, anercorpData]) {
      assert.ok(data.places.length > 0);
      assert.ok(data.licence.length > 0);
      let prev = '';
      for (const p of data.places) {
        assert.equal(p.norm, normalize(p.name), p.name);
        assert.ok(['country', 'region', 'city', 'other'].includes(p.kind), p.kind);
        assert.ok(p.norm >= prev, `${p.norm} after ${prev}`);
        prev = p.norm;
      }
    }
    assert.equal(cldrData.licence, 'Unicode-3.0');
    assert.ok(cldrData.places.length > 600);
  });

  it('finds countries (including alt and regional-locale variants)', () => {
    const cases: Array<[string, string]> = [
      ['مصر', 'EG'],
      ['ليبيا', 'LY'],
      ['روسيا', 'RU'],
      ['تركيا', 'TR'],
      ['سوريا', 'SY'],
      ['الجزائر', 'DZ'],
      ['العراق', 'IQ'],
      ['فرنسا', 'FR'],
      ['ألمانيا', 'DE'],
      ['فلسطين', 'PS'], // PS-alt-short
      ['كوت ديفوار', 'CI'], // CI-alt-variant
      ['سبتة ومليلية', 'EA'], // ar-SA / ar-LY spelling
      ['أوروغواي', 'UY'], // ar-SA spelling
      ['أورغواي', 'UY'], // ar spelling
    ];
    for (const [word, code] of cases) {
      const e = find(word);
      assert.ok(e, word);
      assert.equal(e.kind, 'country', word);
      assert.equal(e.code, code, word);
    }
  });

  it('finds continents and regions', () => {
    assert.equal(find('أفريقيا')?.kind, 'region');
    assert.equal(find('أوروبا')?.kind, 'region');
    assert.equal(find('آسيا')?.kind, 'region');
    assert.equal(find('أمريكا اللاتينية')?.kind, 'region');
  });

  it('leaves out codes that are no places', () => {
    assert.equal(find('منطقة غير معروفة'), undefined); // ZZ
    assert.equal(find('الاتحاد الأوروبي', cldr), undefined); // EU is an organization
    assert.equal(find('الأمم المتحدة'), undefined); // UN
    assert.equal(find('العالم'), undefined); // 001
    assert.equal(find('مدينة غير معروفة'), undefined); // Etc/Unknown
  });

  it('finds capitals and major cities from CLDR exemplar cities', () => {
    const cases: Array<[string, string]> = [
      ['القاهرة', 'Africa/Cairo'],
      ['باريس', 'Europe/Paris'],
      ['موسكو', 'Europe/Moscow'],
      ['طرابلس', 'Africa/Tripoli'],
      ['برلين', 'Europe/Berlin'],
      ['الرياض', 'Asia/Riyadh'],
      ['لندن', 'Europe/London'],
      ['بغداد', 'Asia/Baghdad'],
      ['دمشق', 'Asia/Damascus'],
      ['بيروت', 'Asia/Beirut'],
      ['القدس', 'Asia/Jerusalem'],
      ['الدار البيضاء', 'Africa/Casablanca'],
    ];
    for (const [word, code] of cases) {
      const e = find(word, cldr);
      assert.ok(e, word);
      assert.equal(e.kind, 'city', word);
      assert.equal(e.code, code, word);
    }
  });

  it('prefers the country when a city has the same name, and lists both', () => {
    assert.equal(find('الجزائر')?.code, 'DZ');
    const all = g.lookupAll(normalize('الجزائر')).map((e) => e.code);
    assert.deepEqual([...all].sort(), ['Africa/Algiers', 'DZ']);
    // عُمان (Oman) and عمّان (Amman) normalize alike.
    assert.equal(find('عُمان')?.code, 'OM');
    assert.ok(g.lookupAll(normalize('عمّان')).some((e) => e.code === 'Asia/Amman'));
  });

  it('derives names from CLDR notes and disambiguations', () => {
    assert.equal(find('بورما')?.code, 'MM'); // ميانمار (بورما)
    assert.equal(find('ميانمار')?.code, 'MM');
    assert.equal(find('الخليل')?.code, 'Asia/Hebron'); // هيبرون (مدينة الخليل)
    assert.deepEqual(g.lookupAll(normalize('الكونغو')).map((e) => e.code).sort(), ['CD', 'CG']); // الكونغو - كينشاسا
    assert.equal(find('هونغ كونغ')?.code, 'HK');
  });

  it('is insensitive to hamza forms, ta marbuta and diacritics', () => {
    assert.equal(find('المانيا')?.code, 'DE');
    assert.equal(find('اسبانيا')?.code, 'ES');
    assert.equal(find('الأُرْدُنّ')?.code, 'JO');
    assert.equal(find('القاهره')?.code, 'Africa/Cairo');
    assert.equal(find('الاردن')?.code, 'JO');
  });

  it('keeps the article as part of the name', () => {
    assert.ok(g.has(normalize('الجزائر')));
    assert.ok(!g.has(normalize('جزائر')));
    assert.ok(!g.has(normalize('عراق')));
    assert.ok(g.has(normalize('العراق')));
  });

  it('matches multi-word names at a token position, longest first', () => {
    const t = tokens('زار وفد من المملكة العربية السعودية والولايات المتحدة كوريا الجنوبية');
    const m1 = g.matchAt(t, 3);
    assert.ok(m1);
    assert.equal(m1.length, 3);
    assert.equal(m1.entry.code, 'SA');
    // والولايات: the caller strips the conjunction.
    const stripped = [...t];
    stripped[6] = 'الولايات';
    const m2 = g.matchAt(stripped, 6);
    assert.equal(m2?.length, 2);
    assert.equal(m2?.entry.code, 'US');
    const m3 = g.matchAt(t, 8);
    assert.equal(m3?.length, 2);
    assert.equal(m3?.entry.code, 'KR');
    assert.equal(g.matchAt(t, 0), undefined);
    assert.equal(g.matchAt(t, 99), undefined);
  });

  it('matches a single-word name and prefers the longer name', () => {
    const t = tokens('في جنوب السودان و السودان');
    assert.equal(g.matchAt(t, 1)?.entry.code, 'SS');
    assert.equal(g.matchAt(t, 1)?.length, 2);
    assert.equal(g.matchAt(t, 2)?.entry.code, 'SD');
    assert.equal(g.matchAt(t, 4)?.entry.code, 'SD');
  });

  it('matches names with a conjoined word whether or not the caller split off و', () => {
    assert.equal(g.matchAt(tokens('البوسنة والهرسك'), 0)?.entry.code, 'BA');
    assert.equal(g.matchAt(tokens('البوسنة الهرسك'), 0)?.entry.code, 'BA');
    assert.equal(g.matchAt(tokens('ترينيداد وتوباغو'), 0)?.length, 2);
  });

  it('matches hyphenated names with or without the hyphen token', () => {
    assert.deepEqual(placeNameTokens(normalize('تيمور - ليشتي')), ['تيمور', '-', 'ليشتي']);
    assert.deepEqual(placeNameTokens(normalize('بلانك-سابلون')), ['بلانك', '-', 'سابلون']);
    assert.equal(g.matchAt(['تيمور', '-', 'ليشتي'], 0)?.length, 3);
    assert.equal(g.matchAt(['تيمور', 'ليشتي'], 0)?.length, 2);
    assert.equal(g.matchAt(['تيمور', 'ليشتي'], 0)?.entry.code, 'TL');
  });

  it('knows the words of names (for clitic decisions) and the names by code', () => {
    assert.ok(g.hasToken(normalize('كوريا')));
    assert.ok(g.startsName(normalize('كوريا')));
    assert.ok(!g.has(normalize('كوريا'))); // only as the first word of two names
    assert.ok(g.byCode('US').some((e) => e.norm === normalize('الولايات المتحدة')));
  });

  it('includes ANERcorp-derived names as kind other, without duplicating CLDR names', () => {
    const aner = anercorpData.places;
    assert.ok(aner.length > 50);
    for (const p of aner) {
      assert.equal(p.kind, 'other');
      assert.equal(cldr.has(p.norm), false, p.name);
    }
    const names = new Set(aner.map((p) => p.norm));
    const e = [...names][0]!;
    assert.equal(g.lookup(e)?.kind, 'other');
    assert.equal(cldr.lookup(e), undefined);
  });

  it('looks up in constant time per name (an empty or unknown key is cheap and safe)', () => {
    assert.equal(g.lookup(''), undefined);
    assert.equal(g.matchAt([], 0), undefined);
    assert.equal(g.lookup('كلمة'), undefined);
  });
});
