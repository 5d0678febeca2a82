// Splitting plain text into logical lines. Scraped text usually has one paragraph a line; text
// hard-wrapped at a fixed width (e-mail, old wire copy) is joined back first, so the line rules
// see whole paragraphs rather than fragments.

const LINE_BREAK_RE = /\r\n?|\n|\u2028|\u2029/;
/** Too few lines to tell a wrap width from chance. */
const MIN_LINES_FOR_WRAP = 8;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
}

/** The width text is hard-wrapped at, or 0 when it is not. */
function wrapWidth(lines: string[]): number {
  const lengths = lines.filter((l) => l.length > 0).map((l) => l.length);
  if (lengths.length < MIN_LINES_FOR_WRAP) return 0;
  const width = percentile(
    [...lengths].sort((a, b) => a - b),
    0.9,
  );
  if (width < 40 || width > 100) return 0;
  let broken = 0;
  for (let i = 0; i + 1 < lines.length; i++) {
    const line = lines[i] ?? '';
    const next = lines[i + 1] ?? '';
    // A sentence broken mid-way onto a next line that starts in lower case: the mark of wrapping.
    if (line.length >= 0.6 * width && next.length > 0 && !/[.!?:"”']$/.test(line) && /^[a-z]/.test(next)) broken++;
  }
  return broken >= 0.25 * lengths.length ? width : 0;
}

/** The non-blank lines of `content`, trimmed, with hard-wrapped paragraphs joined into one line each. */
export function logicalLines(content: string): string[] {
  const body = content.charCodeAt(0) === 0xfeff ? content.slice(1) : content;
  // Splitting on a plain "\n" is several times cheaper than the regex; most scraped text has no other breaks.
  const simple = !body.includes('\r') && !body.includes('\u2028') && !body.includes('\u2029');
  const lines = (simple ? body.split('\n') : body.split(LINE_BREAK_RE)).map((l) => l.trim());
  const width = wrapWidth(lines);
  if (width === 0) return lines.filter((l) => l.length > 0);
  const out: string[] = [];
  let current = '';
  let lastLength = 0;
  for (const line of lines) {
    if (line.length === 0) {
      if (current) out.push(current);
      current = '';
      continue;
    }
    if (current && lastLength >= 0.6 * width) {
      current = current.endsWith('-') ? current + line : `${current} ${line}`;
    } else {
      if (current) out.push(current);
      current = line;
    }
    lastLength = line.length;
  }
  if (current) out.push(current);
  return out;
}
