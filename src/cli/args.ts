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

/** `--db` or the default `./storyline.db`. */
export function dbSpec(args: ParsedArgs): string {
  return stringOption(args, 'db') ?? process.env.STORYLINE_DB ?? './storyline.db';
}
