// A small glob matcher (Node 20 has no fs.glob): `*`, `?`, `[abc]`, `[!abc]`, `{a,b}`, and `**` across folders.

const GLOB_CHARS = /[*?[\]{}]/;

export function hasGlobChars(path: string): boolean {
  return GLOB_CHARS.test(path);
}

export interface GlobPlan {
  /** The literal folder the pattern starts in ('.' when it starts with a wildcard). */
  base: string;
  /** Matches a path relative to `base`, with `/` separators. */
  matcher: RegExp;
  /** How many folder levels below `base` a match can be; Infinity with `**`. */
  maxDepth: number;
  /** Whether the pattern names hidden entries itself (`.*`, `.config/…`); else hidden files are skipped. */
  matchesHidden: boolean;
  /** Whether the pattern has `**` (matched folders are then not walked whole: `**` already reaches inside). */
  recursive: boolean;
}

export function planGlob(pattern: string): GlobPlan {
  const segments = pattern.split('/');
  const firstGlob = segments.findIndex((segment) => hasGlobChars(segment));
  const literal = segments.slice(0, firstGlob);
  const rest = segments.slice(firstGlob).filter((segment, i, all) => segment !== '' || i === all.length - 1);
  const base = literal.length === 0 ? '.' : literal.length === 1 && literal[0] === '' ? '/' : literal.join('/');
  const recursive = rest.includes('**');
  return {
    base,
    matcher: new RegExp(`^${rest.map(segmentToRegExp).join('').replace(/\/$/, '')}$`),
    maxDepth: recursive ? Number.POSITIVE_INFINITY : rest.length - 1,
    matchesHidden: rest.some((segment) => segment.startsWith('.')),
    recursive,
  };
}

// Each segment's regexp ends with the `/` that follows it, so `**/` can match zero folders.
function segmentToRegExp(segment: string, index: number, all: string[]): string {
  const last = index === all.length - 1;
  if (segment === '**') return last ? '.*' : '(?:[^/]+/)*';
  return wildcardToRegExp(segment) + (last ? '' : '/');
}

function wildcardToRegExp(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      out += '[^/]*';
    } else if (c === '?') {
      out += '[^/]';
    } else if (c === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end < 0) {
        out += '\\[';
        continue;
      }
      let body = glob.slice(i + 1, end);
      const negate = body.startsWith('!') || body.startsWith('^');
      if (negate) body = body.slice(1);
      out += `[${negate ? '^/' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`;
      i = end;
    } else if (c === '{') {
      const end = glob.indexOf('}', i + 1);
      if (end < 0) {
        out += '\\{';
        continue;
      }
      const options = glob.slice(i + 1, end).split(',');
      out += `(?:${options.map(wildcardToRegExp).join('|')})`;
      i = end;
    } else {
      out += c.replace(/[.+^$()|\\\]}]/g, '\\$&');
    }
  }
  return out;
}
