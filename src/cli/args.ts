import { parseArgs } from 'node:util';

/** Wrong flags or arguments: the CLI prints the message and the usage, and exits 2. */
export class UsageError extends Error {}

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
}

/** Options every command accepts. */
export const commonOptions = {
  db: { type: 'string' },
  config: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Record<string, OptionSpec>;

export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

/** Strict parse: an unknown flag or a missing value is a UsageError, never a silent default. */
export function parseCommandArgs(argv: string[], options: Record<string, OptionSpec>): ParsedArgs {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { ...commonOptions, ...options },
      allowPositionals: true,
      strict: true,
    });
    return { values: values as ParsedArgs['values'], positionals };
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const v = args.values[name];
  return typeof v === 'string' ? v : undefined;
}

export function flag(args: ParsedArgs, name: string): boolean {
  return args.values[name] === true;
}

/** A positive integer option, with a UsageError naming the flag when it is not one. */
export function intOption(args: ParsedArgs, name: string, fallback: number): number {
  const raw = stringOption(args, name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--${name} must be a non-negative integer, got "${raw}"`);
  return n;
}

const SIZE_UNITS: Record<string, number> = {
  b: 1,
  k: 1024,
  kb: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
};

/**
 * A size option in bytes: `2MB`, `512KB`, `1.5M`, `300000B`; a bare number is in `bareUnit` (`MB` by default, as
 * `--max-size` takes). A UsageError naming the flag when it is not a positive size.
 */
export function sizeOption(
  args: ParsedArgs,
  name: string,
  fallback: number | undefined,
  bareUnit = 'mb',
): number | undefined {
  const raw = stringOption(args, name);
  return raw === undefined ? fallback : parseSize(raw, `--${name}`, bareUnit);
}

/** A size in bytes from `2MB`, `512KB`, `1.5M`, `300000B` (a bare number in `bareUnit`); a UsageError naming `what`. */
export function parseSize(raw: string, what: string, bareUnit = 'mb'): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(raw);
  const unit = SIZE_UNITS[(m?.[2] || bareUnit).toLowerCase()];
  const bytes = m && unit ? Math.floor(Number(m[1]) * unit) : Number.NaN;
  if (!(bytes > 0)) throw new UsageError(`${what} must be a size such as 2MB or 500KB, got "${raw}"`);
  return bytes;
}
