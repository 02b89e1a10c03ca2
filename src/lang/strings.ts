/**
 * String literal escapes, shared by the parser (decode) and the printer (encode) so that
 * `decode(encode(s)) = s` for every string s.
 *
 *     \\  \"  \'  \n  \t  \r  \0  \xHH     (any other escape is an error)
 *
 * The printer writes `\\ \" \n \t \r` and `\xHH` for the remaining control characters
 * (U+0000..U+001F, U+007F); everything else is written as is.
 */

/** A bad escape: its offset inside the literal's text (0 = the opening quote) and length. */
export interface BadEscape {
  readonly offset: number;
  readonly length: number;
  readonly text: string;
}

const simple: Readonly<Record<string, string>> = { '\\': '\\', '"': '"', "'": "'", n: '\n', t: '\t', r: '\r', '0': '\0' };

/**
 * Decodes the text of a string literal, quotes included.
 *
 * @example
 * decodeString('"a\\tb"') // { value: 'a\tb', bad: [] }
 */
export function decodeString(literal: string): { value: string; bad: BadEscape[] } {
  const bad: BadEscape[] = [];
  let out = '';
  const end = literal.length - 1;
  for (let i = 1; i < end; i++) {
    const c = literal[i] as string;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = literal[i + 1] ?? '';
    const s = simple[e];
    if (s !== undefined) {
      out += s;
      i++;
    } else if (e === 'x' && /^[0-9a-fA-F]{2}$/.test(literal.slice(i + 2, i + 4))) {
      out += String.fromCharCode(parseInt(literal.slice(i + 2, i + 4), 16));
      i += 3;
    } else {
      bad.push({ offset: i, length: Math.min(2, end - i), text: literal.slice(i, i + 2) });
      i++;
    }
  }
  return { value: out, bad };
}

/**
 * Encodes a string as a literal, quotes included.
 *
 * @example
 * encodeString('say "hi"\n') // '"say \\"hi\\"\\n"'
 */
export function encodeString(value: string): string {
  let out = '"';
  for (const c of value) {
    const code = c.charCodeAt(0);
    if (c === '\\') out += '\\\\';
    else if (c === '"') out += '\\"';
    else if (c === '\n') out += '\\n';
    else if (c === '\t') out += '\\t';
    else if (c === '\r') out += '\\r';
    else if (code < 0x20 || code === 0x7f) out += '\\x' + code.toString(16).padStart(2, '0');
    else out += c;
  }
  return out + '"';
}
