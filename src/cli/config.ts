// Settings in one place. Each value comes from, later ones winning: the defaults in code (each room's settings
// block, where every value has its reason), `storyline.config.json` in the working folder (or the file `--config`
// or STORYLINE_CONFIG names), environment variables, then the command's own flags.
//
// Environment variables are named after the file's keys: STORYLINE_DB, and STORYLINE_<SECTION>_<KEY> with the key
// in upper snake case — `queue.expireSeconds` is STORYLINE_QUEUE_EXPIRE_SECONDS, `stories.joinShare`
// STORYLINE_STORIES_JOIN_SHARE. A key the defaults do not have, or a value of the wrong type, is an error that
// names it: a misspelt setting must not be silently ignored.

import { existsSync, readFileSync } from 'node:fs';
import { STORY_CLUSTERING, type StoryClusterSettings } from '../cluster/settings.js';
import {
  CLUSTERER_SETTINGS,
  type ClustererSettings,
  QUEUE_ERRORS,
  QUEUE_SETTINGS,
  type QueueSettings,
} from '../pipeline/index.js';
import { isPostgresUrl } from '../store/open.js';
import { type ParsedArgs, stringOption, UsageError } from './args.js';

/** Limits of one ingest (the flags of `storyline ingest` override them). */
export interface IngestLimits {
  /** Largest input file, in MB (`--max-size`). */
  maxSizeMb: number;
  /** Cap on an article's clean text (`--max-text`): `2MB`, `500KB`; empty: extraction's default. */
  maxText: string;
  /** Seconds one document may take to extract and analyse (`--deadline`). */
  deadlineSeconds: number;
  /** Worker threads (`--workers`); 0: one per core. */
  workers: number;
}

export const INGEST_LIMITS: IngestLimits = { maxSizeMb: 20, maxText: '', deadlineSeconds: 30, workers: 0 };

export interface Settings {
  /** The database: a SQLite file or a postgres:// URL. */
  db: string;
  ingest: IngestLimits;
  queue: QueueSettings;
  clusterer: ClustererSettings;
  /** The story-clustering tunables (cluster/settings.ts). Change them only with the figures to show why. */
  stories: StoryClusterSettings;
}

export const DEFAULT_DB = './storyline.db';
export const CONFIG_FILE = 'storyline.config.json';

const SECTIONS = {
  ingest: INGEST_LIMITS,
  queue: QUEUE_SETTINGS,
  clusterer: CLUSTERER_SETTINGS,
  stories: STORY_CLUSTERING,
} as const;
type Section = keyof typeof SECTIONS;

export const CONFIG_ERRORS = {
  UNREADABLE: (file: string, why: string) => `${file}: ${why}`,
  UNKNOWN_KEY: (where: string, known: string[]) => `${where} is not a setting (known: ${known.join(', ')})`,
  WRONG_TYPE: (where: string, type: string, value: unknown) =>
    `${where} must be a ${type}, not ${JSON.stringify(value)}`,
} as const;

/** The settings for a command: defaults, then the config file, then the environment (flags are the caller's). */
export function loadSettings(args: ParsedArgs, env: NodeJS.ProcessEnv = process.env): Settings {
  const file =
    stringOption(args, 'config') ?? env.STORYLINE_CONFIG ?? (existsSync(CONFIG_FILE) ? CONFIG_FILE : undefined);
  const fromFile = file ? readConfigFile(file) : {};
  const settings = {
    db: DEFAULT_DB,
    ingest: { ...INGEST_LIMITS },
    queue: { ...QUEUE_SETTINGS },
    clusterer: { ...CLUSTERER_SETTINGS },
    stories: { ...STORY_CLUSTERING },
  };
  const where = file ?? CONFIG_FILE;
  for (const [key, value] of Object.entries(fromFile)) {
    if (key === 'db') settings.db = typed(`${where}: db`, 'string', value) as string;
    else if (key in SECTIONS) applySection(settings[key as Section], value, `${where}: ${key}`);
    else throw new UsageError(CONFIG_ERRORS.UNKNOWN_KEY(`${where}: ${key}`, ['db', ...Object.keys(SECTIONS)]));
  }
  if (env.STORYLINE_DB) settings.db = env.STORYLINE_DB;
  for (const section of Object.keys(SECTIONS) as Section[]) {
    const target = settings[section] as unknown as Record<string, unknown>;
    for (const key of Object.keys(target)) {
      const name = envName(section, key);
      const raw = env[name];
      if (raw === undefined) continue;
      const type = typeof target[key];
      target[key] = typed(name, type, type === 'number' ? Number(raw) : type === 'boolean' ? raw === 'true' : raw);
    }
  }
  const db = stringOption(args, 'db');
  if (db) settings.db = db;
  return settings;
}

/** `queue`, `expireSeconds` → STORYLINE_QUEUE_EXPIRE_SECONDS. */
export function envName(section: string, key: string): string {
  return `STORYLINE_${section}_${key.replace(/[A-Z]/g, (c) => `_${c}`)}`.toUpperCase();
}

function readConfigFile(file: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UsageError(CONFIG_ERRORS.UNREADABLE(file, err instanceof Error ? err.message : String(err)));
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new UsageError(CONFIG_ERRORS.UNREADABLE(file, 'must hold one JSON object'));
  return parsed as Record<string, unknown>;
}

function applySection(target: object, value: unknown, where: string): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new UsageError(CONFIG_ERRORS.WRONG_TYPE(where, 'object', value));
  const record = target as Record<string, unknown>;
  for (const [key, v] of Object.entries(value)) {
    if (!(key in record)) throw new UsageError(CONFIG_ERRORS.UNKNOWN_KEY(`${where}.${key}`, Object.keys(record)));
    record[key] = typed(`${where}.${key}`, typeof record[key], v);
  }
}

function typed(where: string, type: string, value: unknown): unknown {
  const ok = type === 'number' ? typeof value === 'number' && Number.isFinite(value) : typeof value === type;
  if (!ok) throw new UsageError(CONFIG_ERRORS.WRONG_TYPE(where, type, value));
  return value;
}

/** The database of a command that needs the job queue: the settings' `db`, which must be a PostgreSQL URL. */
export function queueDatabase(settings: Settings): string {
  if (!isPostgresUrl(settings.db)) throw new UsageError(QUEUE_ERRORS.NOT_POSTGRES(settings.db));
  return settings.db;
}

/** The database a command works on: `--db`, else STORYLINE_DB, else the config file's `db`, else ./storyline.db. */
export function dbSpec(args: ParsedArgs): string {
  return loadSettings(args).db;
}
