import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalLanguage, languageName, knownLanguages } from '../../src/lid/codes.js';
import { FastTextModel } from '../../src/lid/fasttext.js';
import { defaultFastTextModelPath } from '../../src/lid/identifier.js';

test('any code form maps to ISO 639-1 where it exists, else 639-3', () => {
  const cases: [string, string | undefined][] = [
    ['pl', 'pl'], ['pol', 'pl'], ['pol_Latn', 'pl'], ['polish', 'pl'], ['Polish', 'pl'], ['POLISH', 'pl'],
    ['__label__pl', 'pl'], ['iw', 'he'], ['heb', 'he'], ['ru-Latn', 'ru'], ['zh-Latn', 'zh'], ['zh-Hans-CN', 'zh'],
    ['pt-BR', 'pt'], ['sr-Latn', 'sr'], ['srp_Cyrl', 'sr'], ['sh', 'sh'], ['hbs', 'sh'], ['als', 'gsw'],
    ['no', 'no'], ['nob', 'nb'], ['nno', 'nn'], ['Norwegian Bokmål', 'nb'], ['cmn', 'zh'], ['arb', 'ar'],
    ['ekk', 'et'], ['lvs', 'lv'], ['zsm', 'ms'], ['pes', 'fa'], ['swh', 'sw'], ['fil', 'tl'], ['ger', 'de'],
    ['cze', 'cs'], ['slo', 'sk'], ['ceb', 'ceb'], ['Cebuano', 'ceb'], ['yue', 'yue'], ['und', 'und'],
    ['xx', undefined], ['', undefined], ['klingonish', undefined],
  ];
  for (const [input, expected] of cases) assert.equal(canonicalLanguage(input), expected, input);
});

test('every label fastText lid.176 and CLD3 can emit has a canonical code and a name', () => {
  const fastText = FastTextModel.fromFile(defaultFastTextModelPath()).labels;
  const cld3 = 'eo co eu ta de mt ps te su uz zh-Latn ne nl sw sq hmn ja no mn so ko kk sl ig mr th zu ml hr bs lo sd cy hy uk pt lv iw cs vi jv be km mk tr fy am zh da sv fi ht af la id fil sm ca el ka sr it sk ru ru-Latn bg ny fa haw gl et ms gd bg-Latn ha is ur mi hi bn hi-Latn fr yi hu xh my tg ro ar lb el-Latn st ceb kn az si ky mg en gu es pl ja-Latn ga lt sn yo pa ku und'.split(' ');
  assert.equal(fastText.length, 176);
  for (const code of [...fastText, ...cld3]) {
    const canonical = canonicalLanguage(code);
    assert.ok(canonical, `no canonical code for ${code}`);
    assert.ok(languageName(code), `no name for ${code}`);
    assert.ok(/^[a-z]{2,3}$/.test(canonical!), `${code} → ${canonical}`);
  }
  assert.equal(languageName('pol'), 'Polish');
  assert.equal(languageName('iw'), 'Hebrew');
  assert.ok(knownLanguages().length > 190);
});
