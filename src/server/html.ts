// Safe HTML by construction: the `html` template escapes every interpolated value unless it is already SafeHtml.
// Article text and titles are data, never markup.

export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Mark a string as trusted markup. Only for markup this code built itself. */
export function raw(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

function render(value: unknown): string {
  if (value === undefined || value === null || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/**
 * Each template's markup with its source indentation dropped, made once per template (its strings array is the
 * same object at every call): a third of a search page's bytes were indentation, built, compressed and sent on
 * every request. A line break stays where there was one (an inline script's line comment ends there, and it is
 * white space to the browser just like the indentation was); no template has a <pre> or <textarea>.
 */
const unindented = new WeakMap<TemplateStringsArray, readonly string[]>();

function unindent(strings: TemplateStringsArray): readonly string[] {
  let parts = unindented.get(strings);
  if (parts === undefined) {
    parts = strings.map((s) => s.replace(/\n\s+/g, '\n'));
    unindented.set(strings, parts);
  }
  return parts;
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  const parts = unindent(strings);
  let out = parts[0] ?? '';
  for (let i = 0; i < values.length; i++) out += render(values[i]) + (parts[i + 1] ?? '');
  return new SafeHtml(out);
}

/** An http(s) URL from an article, or undefined: `javascript:` and friends never become links. */
export function safeExternalUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/** Path segment for an id (entity ids hold spaces and colons). */
export function seg(id: string): string {
  return encodeURIComponent(id);
}
