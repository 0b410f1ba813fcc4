/**
 * Plain text from HTML and from XML documentation formats (Mallard, DocBook). Not a full parser:
 * a tag scanner that knows which elements start a new block, which hold no prose (code, scripts,
 * metadata) and which entities occur in Debian documentation. That is enough for generated help
 * pages and keeps the build free of dependencies.
 */
import { squeeze } from '../text.js';

export interface MarkupRules {
  /** Elements whose whole content is dropped (code, screens, metadata). */
  skip: ReadonlySet<string>;
  /** Elements that end the current paragraph. */
  blocks: ReadonlySet<string>;
}

export const HTML_RULES: MarkupRules = {
  // Inline code (<code>, <kbd>) stays: a sentence that names a key or a command is still prose, and
  // the prose filter drops lines where the code dominates. Whole code blocks go.
  skip: new Set(['script', 'style', 'pre', 'head', 'noscript', 'svg', 'math', 'nav', 'button', 'select', 'textarea']),
  blocks: new Set([
    'p', 'div', 'br', 'hr', 'li', 'ul', 'ol', 'dl', 'dt', 'dd', 'table', 'tr', 'td', 'th', 'thead', 'tbody',
    'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'title', 'section', 'article', 'blockquote', 'header', 'footer',
    'body', 'html', 'figure', 'figcaption', 'caption', 'center', 'form', 'img', 'main', 'aside',
  ]),
};

export const XML_DOC_RULES: MarkupRules = {
  // Mallard and DocBook: <info> holds credits, licences and links; block-level code (screens,
  // listings, synopses) goes. Inline <key>, <cmd>, <file> stay, as in HTML.
  skip: new Set([
    'info', 'screen', 'synopsis', 'programlisting', 'literallayout', 'media', 'credit', 'license',
    'revision', 'articleinfo', 'bookinfo', 'legalnotice', 'copyright', 'authorgroup', 'indexterm',
    'comment', 'screenshot', 'mediaobject', 'inlinemediaobject', 'cmdsynopsis', 'funcsynopsis',
  ]),
  blocks: new Set([
    'p', 'title', 'subtitle', 'desc', 'item', 'list', 'terms', 'tree', 'section', 'page', 'note', 'table', 'tr',
    'td', 'th', 'steps', 'example', 'figure', 'quote', 'para', 'simpara', 'listitem', 'entry', 'row', 'term',
    'varlistentry', 'chapter', 'sect1', 'sect2', 'sect3', 'article', 'book', 'formalpara', 'caption',
    'itemizedlist', 'orderedlist', 'variablelist', 'tip', 'warning', 'important', 'caution', 'glossentry',
    'glossdef', 'abstract', 'figure', 'br',
  ]),
};

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ndash: '–', mdash: '—', hellip: '…',
  laquo: '«', raquo: '»', lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', bdquo: '„', copy: '©',
  reg: '®', trade: '™', deg: '°', middot: '·', bull: '•', shy: '', times: '×', euro: '€', sect: '§',
  rarr: '→', larr: '←', thinsp: ' ', ensp: ' ', emsp: ' ', zwj: '', zwnj: '',
};

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : ' ';
    }
    return NAMED_ENTITIES[body] ?? whole;
  });
}

/** Paragraphs of plain text, in document order. */
export function markupToParagraphs(source: string, rules: MarkupRules): string[] {
  const text = source.replace(/<!--[\s\S]*?-->/g, ' ').replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, ' ').replace(/<\?[\s\S]*?\?>/g, ' ').replace(/<!DOCTYPE[^>]*>/gi, ' ');
  const paragraphs: string[] = [];
  let current = '';
  let skipDepth = 0;
  const skipStack: string[] = [];
  const flush = (): void => {
    const p = squeeze(decodeEntities(current));
    if (p !== '') paragraphs.push(p);
    current = '';
  };
  const tag = /<(\/?)([a-zA-Z][\w:.-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g;
  let last = 0;
  for (let m = tag.exec(text); m !== null; m = tag.exec(text)) {
    if (skipDepth === 0) current += text.slice(last, m.index);
    last = tag.lastIndex;
    const closing = m[1] === '/';
    const name = m[2].toLowerCase().replace(/^.*:/, '');
    const selfClosing = m[3].trimEnd().endsWith('/');
    if (rules.skip.has(name) && !selfClosing) {
      if (closing) {
        if (skipStack.length && skipStack[skipStack.length - 1] === name) {
          skipStack.pop();
          skipDepth--;
        }
      } else {
        skipStack.push(name);
        skipDepth++;
      }
      continue;
    }
    if (skipDepth === 0 && rules.blocks.has(name)) flush();
  }
  if (skipDepth === 0) current += text.slice(last);
  flush();
  return paragraphs;
}
