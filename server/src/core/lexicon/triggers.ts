/**
 * General Arabic news vocabulary used as recognition evidence: titles and roles that introduce
 * persons, head nouns that open organization names, words that may sit between a title and the name,
 * and function words that never belong to a name. This is language data, not data about any article.
 * All entries are normalized (see normalize.ts) when the sets are built.
 */
import { normalize } from '../text/normalize';

const set = (words: string): ReadonlySet<string> => new Set(words.split(/\s+/).filter(Boolean).map(normalize));

/** Titles and roles that directly precede a person's name (with or without the article). */
export const PERSON_TITLES = set(`
  الرئيس رئيس الرئيسة رئيسة الملك الملكة العاهل الأمير الأميرة أمير الشيخ الشيخة السلطان
  الوزير الوزيرة وزير وزيرة نائب النائب النائبة المشير اللواء العقيد العميد الجنرال العماد المقدم
  الرائد النقيب الملازم الأدميرال الدكتور الدكتورة د الأستاذ الأستاذة السيد السيدة الحاج الإمام البابا الكاردينال
  المطران البطريرك الحاخام المفتي القاضي المحامي المحامية السفير السفيرة المبعوث المبعوثة المستشار المستشارة
  القائد الزعيم المتحدث المتحدثة الناطق الناطقة المرشح المرشحة المدرب اللاعب اللاعبة الكاتب الكاتبة الصحفي
  الصحفية المخرج المخرجة الفنان الفنانة الممثل الممثلة المغني المغنية الشاعر الشاعرة المهندس الروائي الروائية
  المفوض المفوضة المدير المديرة المحافظ الحاكم النائبة الأمين المراسل المراسلة الباحث الباحثة البروفيسور
  المستشارة مساعد المساعد المندوب المندوبة الداعية الأسقف ولي
`);

/** Words that may follow a title before the name: portfolios, ranks, qualifiers. */
export const TITLE_CONTINUATIONS = set(`
  الخارجية الدفاع الداخلية المالية العدل الاقتصاد الصحة التعليم التربية الإعلام النفط الطاقة الزراعة
  التجارة الصناعة النقل الإسكان الثقافة السياحة البيئة الشباب الرياضة العمل الاتصالات المواصلات الأوقاف
  الحج التخطيط الاستثمار الري الكهرباء المياه الشؤون الدولة الوزراء العهد العام العامة الخاص الخاصة
  الأعلى التنفيذي التنفيذية المتقاعد السابق السابقة الأسبق الحالي المنتهية ولايته الأول الأولى الثاني
  المكلف المكلفة بالإنابة المؤقت المؤقتة الفخري الأمريكي الأميركي للأمم المتحدة العسكري الأمني
`);

/** Head nouns that open an organization name (the name continues with a genitive or adjectives). */
export const ORG_HEADS = set(`
  وزارة الوزارة حكومة الحكومة مجلس المجلس وكالة الوكالة جيش الجيش منظمة المنظمة هيئة الهيئة جامعة الجامعة
  حزب الحزب حركة الحركة شركة الشركة بنك البنك مصرف المصرف صندوق الصندوق البرلمان برلمان بعثة البعثة لجنة اللجنة
  محكمة المحكمة مؤسسة المؤسسة اتحاد الاتحاد جبهة الجبهة تنظيم قوات القوات صحيفة الصحيفة قناة القناة إذاعة الإذاعة
  مجموعة المجموعة رابطة الرابطة مركز المركز معهد المعهد نادي النادي الشرطة شرطة مكتب المكتب سلطة السلطة المفوضية
  مفوضية الأمم منظمات الكونغرس الكنيست الدوما مجلة المجلة تحالف التحالف ائتلاف الائتلاف غرفة الغرفة نقابة النقابة
  أكاديمية الأكاديمية مستشفى المستشفى بورصة البورصة إدارة الإدارة الحرس ديوان الديوان
`);

/**
 * Heads too generic or ambiguous to name an organization by themselves (قوات الاحتلال, حكومة الوحدة,
 * حركة الطيران "air traffic", شركة السيارات "the car company", تنظيم الفعاليات "organizing the events"):
 * the tagger or corpus evidence must support them.
 */
export const GENERIC_ORG_HEADS = set(`حكومة جيش قوات شرطة سلطة إدارة الحرس الأمم منظمات حركة شركة مركز اتحاد مكتب قناة إذاعة مستشفى نادي تنظيم`);

/**
 * Head nouns of news media (صحيفة الغارديان, وكالة رويترز, موقع ميدل إيست آي): the name that follows is
 * the medium, an organization, even when it reads like a person's or a place's name.
 */
export const MEDIA_HEADS = set(`
  صحيفة الصحيفة جريدة الجريدة مجلة المجلة موقع الموقع وكالة الوكالة شبكة الشبكة قناة القناة إذاعة الإذاعة
  تلفزيون التلفزيون
`);

/** Head nouns of place names and political units (جمهورية الشيشان, مدينة سوتشي): never a person's name. */
export const PLACE_HEADS = set(`
  جمهورية الجمهورية مملكة المملكة إمارة الإمارة دولة الدولة ولاية الولاية إقليم الإقليم مدينة المدينة
  منطقة المنطقة محافظة المحافظة بلدة البلدة قرية القرية جزيرة الجزيرة عاصمة العاصمة
`);

/**
 * Function words: prepositions, conjunctions, pronouns, particles, demonstratives, relative pronouns,
 * common auxiliaries. They never start or end a name.
 */
export const FUNCTION_WORDS = set(`
  في من إلى الى على عن مع عند لدى منذ حتى خلال بين بعد قبل حول ضد دون عبر نحو لدى تجاه إثر وسط
  و أو أم ثم بل لكن لكن لا لم لن ما ماذا إن أن إنه أنه انه إنها أنها كان كانت يكون تكون قد لقد سوف
  هذا هذه ذلك تلك هؤلاء هناك هنا الذي التي الذين اللذين اللتين اللواتي اللاتي هو هي هم هن نحن أنا أنت أنتم
  كل بعض غير أي أيضا كما مثل فقط كذلك حيث إذ إذا لو كي لأن لان عندما بينما فيما بما ومن وفي وعلى
  يا أما إما ليس ليست عليه عليها فيه فيها منه منها له لها لهم به بها إليه إليها اليوم أمس غدا
  الآن ضمن لدي وقال وقالت قال قالت وأضاف أضاف وأكد أكد أعلن وأعلن ذكر وذكر أشار وأشار
`);

/** Speech and reporting verbs: the word after them is often the speaker. */
export const SPEECH_VERBS = set(`
  قال قالت وقال وقالت أكد أكدت وأكد وأكدت أضاف أضافت وأضاف وأضافت أعلن أعلنت وأعلن وأعلنت أوضح أوضحت
  وأوضح وأوضحت صرح صرحت وصرح وصرحت أشار أشارت وأشار وأشارت ذكر ذكرت وذكر وذكرت اعتبر اعتبرت واعتبر
  شدد شددت وشدد وشددت دعا دعت ودعا ودعت طالب طالبت وطالب وطالبت كشف كشفت وكشف وكشفت رأى رأت ورأى
  يقول تقول ويقول وتقول أفاد أفادت وأفاد وأفادت نفى نفت ونفى ونفت حذر حذرت وحذر وحذرت
  جدد جددت وجدد وجددت أعرب أعربت وأعرب وأعربت تابع تابعت وتابع وتابعت لفت لفتت ولفت ولفتت
`);

/**
 * Words that join the parts of one Arabic name (علي بن أبي طالب, أبو عبد الله, فاطمة بنت أسد, حمد بن عيسى آل
 * خليفة): a name never ends in one, and بن / بنت always follow a name.
 */
export const NAME_CONNECTORS = set(`بن بنت ابن أبو أبي أبا عبد آل أم`);

/**
 * The function words spelled with a final ى (على, إلى, حتى, لدى), normalized: written with a final ي they
 * are names (علي), which normalization (ى → ي) would otherwise confuse with them.
 */
export const ALEF_MAQSURA_FUNCTION_WORDS = set(`على إلى حتى لدى`);

/** Parts of compound names that are never a name on their own (عبد الله, صلاح الدين, عبد الرحمن). */
export const COMPOUND_NAME_PARTS = set(`الله اللّه الدين الرحمن`);

/**
 * Ordinal adjectives: after a name they are a regnal or dynastic number (عبد الله الثاني, محمد السادس,
 * لويس الرابع عشر), part of the name; on their own they are never one.
 */
export const ORDINALS = set(`
  الأول الأولى الثاني الثانية الثالث الثالثة الرابع الرابعة الخامس الخامسة السادس السادسة السابع السابعة
  الثامن الثامنة التاسع التاسعة العاشر العاشرة الحادي
`);

/** Weekday and month names: never persons (الإثنين / الاثنين are days, not names). */
export const CALENDAR_WORDS = set(`
  السبت الأحد الاثنين الإثنين الثلاثاء الأربعاء الخميس الجمعة
  يناير فبراير مارس أبريل ابريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر
  كانون شباط آذار نيسان أيار حزيران تموز آب أيلول تشرين
  محرم صفر ربيع جمادى رجب شعبان رمضان شوال القعدة الحجة
`);
