// An article's `source` as the user would recognise it: relative to what they gave, never an absolute path of the
// machine that read it (which says nothing to a reader of the API, and tells a stranger how the server is laid out).
import { basename, isAbsolute, relative, sep } from 'node:path';
import { hasGlobChars, planGlob } from './glob.js';

/** The literal part of an input as given: a glob's folder, a path without its trailing separators. */
function literalRoot(input: string): string {
  const root = hasGlobChars(input) ? planGlob(input).base : input;
  return root.length > 1 ? root.replace(/[\\/]+$/, '') : root;
}

/** How a root is shown: relative to the working folder when inside it, else by its own name. */
function rootLabel(root: string, cwd: string): string {
  const inside = relative(cwd, root);
  if (inside === '') return '.';
  if (!inside.startsWith('..') && !isAbsolute(inside)) return inside;
  return basename(root) || root;
}

/**
 * Pure: a function from a source read under one of `inputs` (the paths the user gave, in any form) to that source
 * relative to the input: a relative input is kept as given (`examples/a.txt`); an absolute one inside `cwd`
 * becomes relative to `cwd`; one outside it is named from its last folder (`/data/t17/x.txt` given as `/data/t17`
 * is `t17/x.txt`). URLs, uploads and anything under no input are returned unchanged. A suffix after the path
 * (`#L12` of a JSONL line, a WARC record) is kept.
 */
export function sourceLabeler(inputs: readonly string[], cwd: string): (source: string) => string {
  const roots = inputs
    .filter((input) => isAbsolute(input))
    .map(literalRoot)
    // Longest first: a source under two inputs is named from the nearer one.
    .sort((a, b) => b.length - a.length);
  if (roots.length === 0) return (source) => source;
  return (source) => {
    for (const root of roots) {
      if (source === root) return rootLabel(root, cwd) === '.' ? basename(root) : rootLabel(root, cwd);
      const rest = source.slice(root.length);
      if (source.startsWith(root) && (rest.startsWith(sep) || rest.startsWith('/') || rest.startsWith('#'))) {
        const label = rootLabel(root, cwd);
        if (rest.startsWith('#')) return `${label === '.' ? basename(root) : label}${rest}`;
        return label === '.' ? rest.slice(1) : `${label}${rest}`;
      }
    }
    return source;
  };
}
