/**
 * Lexer of the BPF assembly text (`.s`): splits one source line into its parts and tokens.
 *
 * A line is, in order (every part optional):
 *
 *     [N:] [label:]* [(xx)] statement [comment]
 *
 * `N:` is a listing index (digits), `label:` an identifier followed by `:`, `(xx)` the
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

const isIdStart = (c: string): boolean => /[A-Za-z_.$]/.test(c);
const isIdChar = (c: string): boolean => /[A-Za-z0-9_.$]/.test(c);

/** Where the comment of `line` starts (its length if none). */
function commentStart(line: string): number {
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === ';') return i;
    if (c === '/' && line[i + 1] === '/') return i;
    if (c === '#' && (i === 0 || /\s/.test(line[i - 1]!))) return i;
  }
  return line.length;
}

/**
 * Tokenizes `src[start, end)`.
 *
 * @example
 * tokenize('r1 += 2', 0, 7).map((t) => t.v) // ['r1', '+=', '2']
 */
export function tokenize(src: string, start: number, end: number): Tok[] | LexError {
  const out: Tok[] = [];
  let i = start;
  while (i < end) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (/[0-9]/.test(c)) {
      let j = i;
      let hex = false;
      if (c === '0' && (src[i + 1] === 'x' || src[i + 1] === 'X')) {
        hex = true;
        j = i + 2;
        while (j < end && /[0-9a-fA-F]/.test(src[j]!)) j++;
        if (j === i + 2) return { message: 'malformed hex number', start: i, end: j };
      } else {
        while (j < end && /[0-9]/.test(src[j]!)) j++;
      }
      if (j < end && isIdChar(src[j]!)) {
        let k = j;
        while (k < end && isIdChar(src[k]!)) k++;
        return { message: `malformed number '${src.slice(i, k)}'`, start: i, end: k };
      }
      const v = src.slice(i, j);
      out.push({ k: 'num', v, start: i, end: j, num: BigInt(v), hex });
      i = j;
      continue;
    }
    if (c === 's' && /[<>/%]/.test(src[i + 1] ?? '')) {
      // signed operators; fall through to punctuation
    } else if (isIdStart(c)) {
      let j = i + 1;
      while (j < end && isIdChar(src[j]!)) j++;
      if (src.slice(i, j) === 'kernel' && src.startsWith('-function', j)) j += '-function'.length;
      const v = src.slice(i, j);
      const m = /^([rw])([0-9]{1,2})$/.exec(v);
      if (m) out.push({ k: 'reg', v, start: i, end: j, reg: Number(m[2]), w: m[1] === 'w' });
      else out.push({ k: 'id', v, start: i, end: j });
      i = j;
      continue;
    }
    const p = PUNCT.find((q) => src.startsWith(q, i) && i + q.length <= end);
    if (p === undefined) return { message: `unexpected character '${c}'`, start: i, end: i + 1 };
    out.push({ k: 'p', v: p, start: i, end: i + p.length });
    i += p.length;
  }
  return out;
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
  let i = 0;
  const ws = (): void => {
    while (i < end && /\s/.test(lineText[i]!)) i++;
  };
  ws();
  let index: LineParts['index'];
  const mi = /^([0-9]+)\s*:/.exec(lineText.slice(i, end));
  if (mi) {
    index = { value: Number(mi[1]), start: offset + i, end: offset + i + mi[1]!.length };
    i += mi[0].length;
    ws();
  }
  const labels: { name: string; start: number; end: number }[] = [];
  for (;;) {
    const ml = /^([A-Za-z_.$][A-Za-z0-9_.$]*)\s*:(?!=)/.exec(lineText.slice(i, end));
    if (!ml) break;
    labels.push({ name: ml[1]!, start: offset + i, end: offset + i + ml[1]!.length });
    i += ml[0].length;
    ws();
  }
  let prefix: LineParts['prefix'];
  const mp = /^\(([0-9a-fA-F]{2})\)/.exec(lineText.slice(i, end));
  if (mp) {
    prefix = { code: parseInt(mp[1]!, 16), start: offset + i, end: offset + i + 4 };
    i += 4;
    ws();
  }
  let stmtEnd = end;
  while (stmtEnd > i && /\s/.test(lineText[stmtEnd - 1]!)) stmtEnd--;
  if (!prefix && /^\.[A-Za-z]/.test(lineText.slice(i, end))) {
    const words: Word[] = [];
    const re = /\S+/g;
    const body = lineText.slice(i, stmtEnd);
    for (let m = re.exec(body); m; m = re.exec(body)) {
      words.push({ v: m[0], start: offset + i + m.index, end: offset + i + m.index + m[0].length });
    }
    return {
      line, offset, labels, toks: [], directive: words, stmtStart: offset + i, stmtEnd: offset + stmtEnd,
      ...(index ? { index } : {}),
    };
  }
  const toks = tokenize(lineText.slice(0, end), i, end);
  if (!Array.isArray(toks)) return { ...toks, start: toks.start + offset, end: toks.end + offset };
  const shifted = toks.map((t) => ({ ...t, start: t.start + offset, end: t.end + offset }));
  return {
    line, offset, labels, toks: shifted, stmtStart: offset + i, stmtEnd: offset + stmtEnd,
    ...(index ? { index } : {}), ...(prefix ? { prefix } : {}),
  };
}
