/**
 * Language codes: any common spelling of a language → one canonical code (ISO 639-1 where the
 * language has one, else ISO 639-3), and back to an English name.
 *
 * Accepted forms: ISO 639-1 (`pl`), 639-2/T and 639-2/B (`pol`, `ger`), 639-3 including the
 * individual codes franc emits for macrolanguages (`nob`, `cmn`, `arb`, `ekk`, `lvs`, `zsm`…),
 * script/region-tagged forms (`pol_Latn`, `sr-Latn`, `zh-Hans`, `pt-BR`), CLD3's old `iw`/`in`/`ji`,
 * fastText's `sh` (Serbo-Croatian) and English names in any case (`Polish`, `norwegian bokmål`).
 *
 * Decisions worth knowing:
 * - `als` means Alemannic (`gsw`) as in fastText and Wikipedia, not Tosk Albanian as in ISO 639-3,
 *   because fastText is the engine that emits it here.
 * - `fil` (Filipino, CLD3) is folded into `tl` (Tagalog, fastText): the same standard language.
 * - `no` (Norwegian macrolanguage) stays `no`; Bokmål `nb` and Nynorsk `nn` stay distinct. The
 *   language identifier itself reports `nb` for what its engines call `no` (see fusion.ts).
 * - `sh`/`hbs` stay `sh`: a deprecated 639-1 code, but the one fastText emits.
 */

/** iso1 | iso3 | English name | further aliases (codes or names), comma-separated. */
const TABLE = `
af|afr|Afrikaans|
am|amh|Amharic|
an|arg|Aragonese|
ar|ara|Arabic|arb
as|asm|Assamese|
av|ava|Avaric|Avar
az|aze|Azerbaijani|azj,Azeri
ba|bak|Bashkir|
be|bel|Belarusian|Belarusan,Byelorussian
bg|bul|Bulgarian|
bh|bih|Bihari|
bn|ben|Bengali|Bangla
bo|bod|Tibetan|tib
br|bre|Breton|
bs|bos|Bosnian|
ca|cat|Catalan|Valencian
ce|che|Chechen|
co|cos|Corsican|
cs|ces|Czech|cze
cv|chv|Chuvash|
cy|cym|Welsh|wel
da|dan|Danish|
de|deu|German|ger
dv|div|Dhivehi|Divehi,Maldivian
el|ell|Greek|gre,Modern Greek
en|eng|English|
eo|epo|Esperanto|
es|spa|Spanish|Castilian
et|est|Estonian|ekk
eu|eus|Basque|baq
fa|fas|Persian|per,pes,prs,Farsi,Dari
fi|fin|Finnish|
fr|fra|French|fre
fy|fry|Western Frisian|Frisian,West Frisian
ga|gle|Irish|Irish Gaelic
gd|gla|Scottish Gaelic|Gaelic
gl|glg|Galician|
gn|grn|Guarani|gug
gu|guj|Gujarati|
gv|glv|Manx|
ha|hau|Hausa|
he|heb|Hebrew|iw
hi|hin|Hindi|
hr|hrv|Croatian|
ht|hat|Haitian Creole|Haitian
hu|hun|Hungarian|
hy|hye|Armenian|arm
ia|ina|Interlingua|
id|ind|Indonesian|in
ie|ile|Interlingue|Occidental
ig|ibo|Igbo|
io|ido|Ido|
is|isl|Icelandic|ice
it|ita|Italian|
ja|jpn|Japanese|
jv|jav|Javanese|
ka|kat|Georgian|geo
kk|kaz|Kazakh|
km|khm|Khmer|Central Khmer
kn|kan|Kannada|
ko|kor|Korean|
ku|kur|Kurdish|kmr,Northern Kurdish,Kurmanji
kv|kom|Komi|kpv
kw|cor|Cornish|
ky|kir|Kyrgyz|Kirghiz
la|lat|Latin|
lb|ltz|Luxembourgish|Letzeburgesch
lg|lug|Ganda|Luganda
li|lim|Limburgish|Limburgan
lo|lao|Lao|
lt|lit|Lithuanian|
lv|lav|Latvian|lvs
mg|mlg|Malagasy|plt
mi|mri|Maori|mao
mk|mkd|Macedonian|mac
ml|mal|Malayalam|
mn|mon|Mongolian|khk
mr|mar|Marathi|
ms|msa|Malay|may,zsm
mt|mlt|Maltese|
my|mya|Burmese|bur,Myanmar
nb|nob|Norwegian Bokmål|Bokmål,Bokmal,Norwegian Bokmal
ne|nep|Nepali|npi
nl|nld|Dutch|dut,Flemish
nn|nno|Norwegian Nynorsk|Nynorsk
no|nor|Norwegian|
ny|nya|Chichewa|Nyanja,Chewa
oc|oci|Occitan|
or|ori|Odia|ory,Oriya
os|oss|Ossetian|Ossetic
pa|pan|Punjabi|Panjabi
pl|pol|Polish|
ps|pus|Pashto|pbt,Pushto
pt|por|Portuguese|
qu|que|Quechua|
rm|roh|Romansh|
ro|ron|Romanian|rum,mo,mol,Moldavian,Moldovan
ru|rus|Russian|
sa|san|Sanskrit|
sc|srd|Sardinian|
sd|snd|Sindhi|
sh|hbs|Serbo-Croatian|
si|sin|Sinhala|Sinhalese
sk|slk|Slovak|slo
sl|slv|Slovenian|Slovene
sm|smo|Samoan|
sn|sna|Shona|
so|som|Somali|
sq|sqi|Albanian|alb
sr|srp|Serbian|
st|sot|Southern Sotho|Sotho,Sesotho
su|sun|Sundanese|
sv|swe|Swedish|
sw|swa|Swahili|swh
ta|tam|Tamil|
te|tel|Telugu|
tg|tgk|Tajik|
th|tha|Thai|
tk|tuk|Turkmen|
tl|tgl|Tagalog|fil,Filipino
tn|tsn|Tswana|Setswana
tr|tur|Turkish|
ts|tso|Tsonga|
tt|tat|Tatar|
ug|uig|Uyghur|Uighur
uk|ukr|Ukrainian|
ur|urd|Urdu|
uz|uzb|Uzbek|uzn
vi|vie|Vietnamese|
vo|vol|Volapük|Volapuk
wa|wln|Walloon|
xh|xho|Xhosa|
yi|yid|Yiddish|ji,ydd
yo|yor|Yoruba|
zh|zho|Chinese|chi,cmn,Mandarin
zu|zul|Zulu|
|arz|Egyptian Arabic|
|ast|Asturian|
|azb|South Azerbaijani|
|bar|Bavarian|
|bcl|Central Bikol|
|bpy|Bishnupriya|
|bxr|Russia Buriat|
|cbk|Chavacano|
|ceb|Cebuano|
|ckb|Central Kurdish|Sorani
|diq|Dimli|Zazaki
|dsb|Lower Sorbian|
|dty|Dotyali|
|eml|Emilian-Romagnol|Emiliano-Romagnolo
|frr|Northern Frisian|North Frisian
|gom|Goan Konkani|
|gsw|Alemannic|als,Swiss German
|haw|Hawaiian|
|hif|Fiji Hindi|
|hmn|Hmong|
|hsb|Upper Sorbian|
|ilo|Iloko|Ilocano
|jbo|Lojban|
|krc|Karachay-Balkar|
|lez|Lezghian|Lezgian
|lmo|Lombard|
|lrc|Northern Luri|
|mai|Maithili|
|mhr|Eastern Mari|Meadow Mari
|min|Minangkabau|
|mrj|Western Mari|Hill Mari
|mwl|Mirandese|
|myv|Erzya|
|mzn|Mazanderani|
|nah|Nahuatl|
|nap|Neapolitan|
|nds|Low German|Low Saxon
|new|Newari|Nepal Bhasa
|pam|Pampanga|Kapampangan
|pfl|Palatine German|
|pms|Piedmontese|
|pnb|Western Punjabi|
|rue|Rusyn|
|sah|Yakut|Sakha
|scn|Sicilian|
|sco|Scots|
|tyv|Tuvinian|Tuvan
|vec|Venetian|
|vep|Veps|
|vls|West Flemish|Vlaams
|war|Waray|Waray-Waray
|wuu|Wu Chinese|Wu
|xal|Kalmyk|
|xmf|Mingrelian|
|yue|Cantonese|Yue Chinese
`;

const canonicalByAlias = new Map<string, string>();
const nameByCode = new Map<string, string>();

for (const line of TABLE.trim().split('\n')) {
  const [iso1 = '', iso3 = '', name = '', aliases = ''] = line.split('|');
  const canonical = iso1 || iso3;
  nameByCode.set(canonical, name);
  for (const alias of [iso1, iso3, name, ...aliases.split(',')]) {
    if (alias) canonicalByAlias.set(alias.toLowerCase(), canonical);
  }
}
canonicalByAlias.set('und', 'und');
nameByCode.set('und', 'Undetermined');

/**
 * The canonical code (ISO 639-1, else 639-3) for any accepted spelling, or undefined when the
 * language is not known. Script and region subtags (`_Latn`, `-Latn`, `-BR`) are dropped.
 */
export function canonicalLanguage(code: string): string | undefined {
  const raw = code.trim().toLowerCase().replace(/^__label__/, '');
  if (!raw) return undefined;
  const direct = canonicalByAlias.get(raw);
  if (direct) return direct;
  // `pol_Latn`, `sr-Latn`, `zh-Hans-CN`, `pt-BR`: the language is the first subtag.
  const base = raw.split(/[-_]/)[0]!;
  if (base !== raw) return canonicalByAlias.get(base);
  return undefined;
}

/** English name of a language given in any accepted form, or undefined when unknown. */
export function languageName(code: string): string | undefined {
  const canonical = canonicalLanguage(code);
  return canonical === undefined ? undefined : nameByCode.get(canonical);
}

/** Every canonical code this table knows. */
export function knownLanguages(): string[] {
  return [...nameByCode.keys()];
}
