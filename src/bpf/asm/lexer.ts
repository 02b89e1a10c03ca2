/**
 * Lexer of the BPF assembly text (`.s`): splits one source line into its parts and tokens.
 *
 * A line is, in order (every part optional):
 *
 *     [N:] [label:]* [(xx)] statement [comment]
 *
 * `N:` is a listing index (digits), optionally followed by the liveness column of the
 * verifier's "Live regs before insn" rows (`2: .12345.... (85) call pc+1`, ignored),
 * `label:` an identifier followed by `:`, `(xx)` the
 * two-hex-digit opcode prefix of the kernel's log. Comments start with `;`, `//`, or a `#`
 * at the start of the line or after white space (`call bpf_map_lookup_elem#1` keeps its `#`).
 *
 * Tokens: registers (`r0`..`r15`, `w0`..`w15`; the parser rejects > 10), numbers (decimal or
 * `0x` hex, unsigned; signs are separate tokens), identifiers (`[A-Za-z_.$][A-Za-z0-9_.$]*`,
 * plus the kernel's literal `kernel-function`), and punctuation, longest match first
 * (`s>>=`, `<<=`, `s/=`, `==`, `s>`, ...). Offsets are absolute in the file text.
 */

/** A token with its absolute [start, end) in the file. */
export interface Tok {
  readonly k: 'reg' | 'num' | 'id' | 'p';
  /** Source text of the token. */
  readonly v: string;
  readonly start: number;
  readonly end: number;
  /** Registers: number and whether it is the 32-bit `w` form. */
  readonly reg?: number;
  readonly w?: boolean;
  /** Numbers: value and whether it was written in hex. */
  readonly num?: bigint;
  readonly hex?: boolean;
}

/** One source line split into its parts. */
export interface LineParts {
  /** 1-based line number. */
  readonly line: number;
  /** Absolute offset of the line start. */
  readonly offset: number;
  readonly index?: { readonly value: number; readonly start: number; readonly end: number };
  readonly labels: readonly { readonly name: string; readonly start: number; readonly end: number }[];
  readonly prefix?: { readonly code: number; readonly start: number; readonly end: number };
  /** The instruction's tokens (empty for a directive). */
  readonly toks: readonly Tok[];
  /** A directive statement (`.map ...`): its words with absolute spans, not tokenized. */
  readonly directive?: readonly Word[];
  /** Absolute [start, end) of the statement text (for spans). */
  readonly stmtStart: number;
  readonly stmtEnd: number;
}

/** A white-space separated word of a directive. */
export interface Word {
  readonly v: string;
  readonly start: number;
  readonly end: number;
}

/** A lexical error at [start, end). */
export interface LexError {
  readonly message: string;
  readonly start: number;
  readonly end: number;
}

const PUNCT = [
  's>>=', '<<=', '>>=', 's/=', 's%=', 's>=', 's<=', '+=', '-=', '*=', '/=', '|=', '&=', '%=', '^=',
  '==', '!=', '>=', '<=', 's>', 's<', '>', '<', '&', '=', '*', '(', ')', '[', ']', ',', '+', '-', '#', ':',
];

/** Character classes by code unit: 1 identifier start, 2 digit, 4 white space. */
const CLS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z_.$]/.test(ch)) CLS[c] = 1;
  else if (/[0-9]/.test(ch)) CLS[c] = 2;
  else if (/\s/.test(ch)) CLS[c] = 4;
}
const cls = (code: number): number => (code < 128 ? CLS[code]! : code === 0xa0 || code === 0xfeff || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x3000 || code === 0x1680 || code === 0x202f || code === 0x205f ? 4 : 0);
const isIdChar = (code: number): boolean => (cls(code) & 3) !== 0;
const isSpace = (code: number): boolean => cls(code) === 4;
/** Punctuation by first character, longest first. */
const PUNCT_BY_FIRST = new Map<string, string[]>();
for (const p of PUNCT) {
  const l = PUNCT_BY_FIRST.get(p[0]!) ?? [];
  l.push(p);
  PUNCT_BY_FIRST.set(p[0]!, l);
}

/** Where the comment of `line` starts (its length if none). */
function commentStart(line: string): number {
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === ';') return i;
    if (c === '/' && line[i + 1] === '/') return i;
    if (c === '#' && (i === 0 || isSpace(line.charCodeAt(i - 1)))) return i;
  }
  return line.length;
}

/**
 * Tokenizes `src[start, end)`; token offsets are shifted by `offset`.
 *
 * @example
 * tokenize('r1 += 2', 0, 7).map((t) => t.v) // ['r1', '+=', '2']
 */
export function tokenize(src: string, start: number, end: number, offset = 0): Tok[] | LexError {
  const out: Tok[] = [];
  let i = start;
  while (i < end) {
    const cc = src.charCodeAt(i);
    const k = cls(cc);
    if (k === 4) {
      i++;
      continue;
    }
    if (k === 2) {
      let j = i;
      let hex = false;
      const x = src[i + 1];
      if (cc === 48 && (x === 'x' || x === 'X')) {
        hex = true;
        j = i + 2;
        while (j < end && /[0-9a-fA-F]/.test(src[j]!)) j++;
        if (j === i + 2) return { message: 'malformed hex number', start: offset + i, end: offset + j };
      } else {
        while (j < end && cls(src.charCodeAt(j)) === 2) j++;
      }
      if (j < end && isIdChar(src.charCodeAt(j))) {
        let q = j;
        while (q < end && isIdChar(src.charCodeAt(q))) q++;
        return { message: `malformed number '${src.slice(i, q)}'`, start: offset + i, end: offset + q };
      }
      const v = src.slice(i, j);
      out.push({ k: 'num', v, start: offset + i, end: offset + j, num: BigInt(v), hex });
      i = j;
      continue;
    }
    const signedOp = cc === 115 && /[<>/%]/.test(src[i + 1] ?? ''); // 's>' 's<' 's/=' 's%='
    if (k === 1 && !signedOp) {
      let j = i + 1;
      while (j < end && isIdChar(src.charCodeAt(j))) j++;
      if (j - i === 6 && src.startsWith('kernel-function', i)) j += '-function'.length;
      const v = src.slice(i, j);
      const c0 = v.charCodeAt(0);
      if ((c0 === 114 || c0 === 119) && v.length <= 3 && v.length >= 2 && /^[rw][0-9]{1,2}$/.test(v)) {
        out.push({ k: 'reg', v, start: offset + i, end: offset + j, reg: Number(v.slice(1)), w: c0 === 119 });
      } else {
        out.push({ k: 'id', v, start: offset + i, end: offset + j });
      }
      i = j;
      continue;
    }
    const cands = PUNCT_BY_FIRST.get(src[i]!);
    const p = cands?.find((q) => i + q.length <= end && src.startsWith(q, i));
    if (p === undefined) return { message: `unexpected character '${src[i]}'`, start: offset + i, end: offset + i + 1 };
    out.push({ k: 'p', v: p, start: offset + i, end: offset + i + p.length });
    i += p.length;
  }
  return out;
}

const INDEX_RE = /([0-9]+)\s*:/y;
const LABEL_RE = /([A-Za-z_.$][A-Za-z0-9_.$]*)\s*:(?!=)/y;
const PREFIX_RE = /\(([0-9a-fA-F]{2})\)/y;
/** The liveness column of the verifier's "Live regs before insn" rows (`.12345....`). */
const LIVE_COLUMN_RE = /[.0-9]{10}(?=\s+\([0-9a-fA-F]{2}\))/y;
const DIRECTIVE_RE = /\.[A-Za-z]/y;

/** Sticky match of `re` at `i` in `text` (undefined if none). */
function at(re: RegExp, text: string, i: number): RegExpExecArray | undefined {
  re.lastIndex = i;
  return re.exec(text) ?? undefined;
}

/**
 * Splits a source line (text `lineText` starting at absolute `offset`) into index, labels,
 * opcode prefix and statement tokens.
 *
 * @example
 * splitLine('3: (b7) r0 = 0 ; zero', 1, 0).prefix?.code // 0xb7
 */
export function splitLine(lineText: string, line: number, offset: number): LineParts | LexError {
  const end = commentStart(lineText);
  const text = end === lineText.length ? lineText : lineText.slice(0, end);
  let i = 0;
  const ws = (): void => {
    while (i < end && isSpace(text.charCodeAt(i))) i++;
  };
  ws();
  let index: LineParts['index'];
  const mi = at(INDEX_RE, text, i);
  if (mi) {
    index = { value: Number(mi[1]), start: offset + i, end: offset + i + mi[1]!.length };
    i += mi[0].length;
    ws();
    const live = at(LIVE_COLUMN_RE, text, i);
    if (live) {
      i += live[0].length;
      ws();
    }
  }
  const labels: { name: string; start: number; end: number }[] = [];
  for (let ml = at(LABEL_RE, text, i); ml; ml = at(LABEL_RE, text, i)) {
    labels.push({ name: ml[1]!, start: offset + i, end: offset + i + ml[1]!.length });
    i += ml[0].length;
    ws();
  }
  let prefix: LineParts['prefix'];
  const mp = at(PREFIX_RE, text, i);
  if (mp) {
    prefix = { code: parseInt(mp[1]!, 16), start: offset + i, end: offset + i + 4 };
    i += 4;
    ws();
  }
  let stmtEnd = end;
  while (stmtEnd > i && isSpace(text.charCodeAt(stmtEnd - 1))) stmtEnd--;
  if (!prefix && at(DIRECTIVE_RE, text, i)) {
    const words: Word[] = [];
    const re = /\S+/g;
    const body = text.slice(i, stmtEnd);
    for (let m = re.exec(body); m; m = re.exec(body)) {
      words.push({ v: m[0], start: offset + i + m.index, end: offset + i + m.index + m[0].length });
    }
    return {
      line, offset, labels, toks: [], directive: words, stmtStart: offset + i, stmtEnd: offset + stmtEnd,
      ...(index ? { index } : {}),
    };
  }
  const toks = tokenize(text, i, end, offset);
  if (!Array.isArray(toks)) return toks;
  return {
    line, offset, labels, toks, stmtStart: offset + i, stmtEnd: offset + stmtEnd,
    ...(index ? { index } : {}), ...(prefix ? { prefix } : {}),
  };
}
