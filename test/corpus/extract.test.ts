import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fortuneParagraphs, rot13 } from '../../src/corpus/extract/fortune.js';
import { HTML_RULES, XML_DOC_RULES, markupToParagraphs, decodeEntities } from '../../src/corpus/extract/markup.js';
import { cleanMessage, moEntries, moMessages } from '../../src/corpus/extract/mo.js';
import { manParagraphs, renderManPage } from '../../src/corpus/extract/man.js';
import { tempDir } from '../helpers.js';

test('fortunes: entries become paragraphs, chat furniture and attributions go', () => {
  const text = 'Pierwszy dowcip\nw dwóch liniach.\n%\n21:27 < trawnik> to Twinsi, lokalna grupa\n<baf> a ja myślałem\n\t-- Autor\n%\n';
  assert.deepEqual(fortuneParagraphs(Buffer.from(text)), [['Pierwszy dowcip w dwóch liniach.'], ['to Twinsi, lokalna grupa', 'a ja myślałem']]);
});

test('fortunes: koi8-r fallback and rot13', () => {
  const koi8 = Buffer.from([0xf0, 0xd2, 0xc9, 0xd7, 0xc5, 0xd4, 0x0a]); // "Привет" in KOI8-R
  assert.deepEqual(fortuneParagraphs(koi8, { fallbackEncoding: 'koi8-r' }), [['Привет']]);
  assert.deepEqual(fortuneParagraphs(Buffer.from(rot13('Hola mundo\n%\n')), { rot13: true }), [['Hola mundo']]);
});

test('HTML: blocks split paragraphs, scripts and pre go, entities decode', () => {
  const html = '<html><head><title>T</title><script>var x=1;</script></head><body><h1>Nagłówek</h1><p>Zdanie z <b>pogrubieniem</b> i&nbsp;spacją &amp; znakiem &#261;.</p><pre>kod();</pre><ul><li>Jeden</li><li>Dwa</li></ul></body></html>';
  assert.deepEqual(markupToParagraphs(html, HTML_RULES), ['Nagłówek', 'Zdanie z pogrubieniem i spacją & znakiem ą.', 'Jeden', 'Dwa']);
  assert.equal(decodeEntities('&lt;&#x41;&gt;&unknown;'), '<A>&unknown;');
});

test('Mallard: info and screens are dropped, inline keys kept', () => {
  const page = '<page xmlns="http://projectmallard.org/1.0/"><info><credit><name>Jan</name></credit><desc>Opis</desc></info><title>Tytuł strony</title><p>Naciśnij <key>Ctrl</key> aby kontynuować.</p><screen>$ ls -l</screen></page>';
  assert.deepEqual(markupToParagraphs(page, XML_DOC_RULES), ['Tytuł strony', 'Naciśnij Ctrl aby kontynuować.']);
});

/** Writes a little-endian .mo catalogue (the layout msgfmt produces). */
function makeMo(entries: [string, string][]): Buffer {
  const all: [string, string][] = [['', 'Content-Type: text/plain; charset=UTF-8\n'], ...entries];
  const n = all.length;
  const headerSize = 28;
  const tables = n * 16;
  let offset = headerSize + tables;
  const strings: Buffer[] = [];
  const orig: [number, number][] = [];
  const trans: [number, number][] = [];
  for (const [k] of all) { const b = Buffer.from(`${k}\0`); orig.push([b.length - 1, offset]); strings.push(b); offset += b.length; }
  for (const [, v] of all) { const b = Buffer.from(`${v}\0`); trans.push([b.length - 1, offset]); strings.push(b); offset += b.length; }
  const head = Buffer.alloc(headerSize + tables);
  head.writeUInt32LE(0x950412de, 0); head.writeUInt32LE(0, 4); head.writeUInt32LE(n, 8);
  head.writeUInt32LE(headerSize, 12); head.writeUInt32LE(headerSize + n * 8, 16);
  orig.forEach(([l, o], i) => { head.writeUInt32LE(l, headerSize + i * 8); head.writeUInt32LE(o, headerSize + i * 8 + 4); });
  trans.forEach(([l, o], i) => { head.writeUInt32LE(l, headerSize + n * 8 + i * 8); head.writeUInt32LE(o, headerSize + n * 8 + i * 8 + 4); });
  return Buffer.concat([head, ...strings]);
}

test('.mo: translations without the header entry, first plural form, markup cleaned', () => {
  const mo = makeMo([['Hello', 'Witaj'], ['%d unit', '%d jednostka\0%d jednostki'], ['story', '<b>Dawno</b> temu,\nw odległej krainie…']]);
  assert.deepEqual(moMessages(mo), ['Witaj', '%d jednostka', '<b>Dawno</b> temu,\nw odległej krainie…']);
  assert.deepEqual(cleanMessage('<b>Dawno</b> temu, $name\nw krainie %s.').map((s) => s.replace(/\s+/g, ' ').trim()), ['Dawno temu,', 'w krainie .']);
  assert.throws(() => moMessages(Buffer.from('not a catalogue at all, really')), /gettext/);
  // Entries keep the msgid (context included), so two languages' catalogues pair up.
  const ctx = makeMo([['menu\u0004Open', 'Otwórz'], ['Hello', 'Witaj']]);
  assert.deepEqual(moEntries(ctx), [{ id: 'menu\u0004Open', text: 'Otwórz' }, { id: 'Hello', text: 'Witaj' }]);
});

const haveMan = spawnSync('man', ['--version']).status === 0;

test('man pages: rendered by man -l, synopsis and option tags dropped', { skip: haveMan ? false : 'man-db/groff not installed (apt-get install groff-base man-db)' }, async () => {
  const { dir, cleanup } = tempDir();
  try {
    const page = join(dir, 'probny.1.gz');
    const src = '.TH PROBNY 1 2024 test "Test"\n.SH NAZWA\nprobny \\- program próbny\n.SH SKŁADNIA\n.B probny\n[\\-x]\n.SH OPIS\nProgram robi bardzo wiele pożytecznych rzeczy dla użytkownika.\n.TP\n.B \\-x\nWłącza tryb szczególnie dokładnego sprawdzania.\n';
    writeFileSync(page, gzipSync(Buffer.from(src)));
    const paragraphs = manParagraphs(await renderManPage(page));
    assert.deepEqual(paragraphs.filter((p) => !p.startsWith('-x') && p !== ''), [
      'probny - program próbny',
      'Program robi bardzo wiele pożytecznych rzeczy dla użytkownika.',
      'Włącza tryb szczególnie dokładnego sprawdzania.',
    ]);
  } finally {
    cleanup();
  }
});
