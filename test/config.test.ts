// Settings in one place: defaults in code, then storyline.config.json, then STORYLINE_* variables, then flags.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { parseCommandArgs, UsageError } from '../src/cli/args.js';
import { envName, loadSettings } from '../src/cli/config.js';
import { STORY_CLUSTERING } from '../src/cluster/settings.js';
import { QUEUE_SETTINGS } from '../src/pipeline/index.js';

const dir = mkdtempSync(join(tmpdir(), 'storyline-config-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function configFile(content: unknown): string {
  const file = join(dir, `config-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

const args = (...argv: string[]) => parseCommandArgs(argv, {});

test('without a file or variables, every setting is its default in code', () => {
  const s = loadSettings(args('--config', configFile({})), {});
  assert.equal(s.db, './storyline.db');
  assert.deepEqual(s.queue, QUEUE_SETTINGS);
  assert.deepEqual(s.stories, STORY_CLUSTERING);
});

test('the file overrides the defaults, the environment the file, and --db everything', () => {
  const file = configFile({ db: 'from-file.db', queue: { expireSeconds: 60 }, stories: { chunkSize: 500 } });
  const fromFile = loadSettings(args('--config', file), {});
  assert.equal(fromFile.db, 'from-file.db');
  assert.equal(fromFile.queue.expireSeconds, 60);
  assert.equal(fromFile.queue.retryLimit, QUEUE_SETTINGS.retryLimit, 'keys not given keep their defaults');
  assert.equal(fromFile.stories.chunkSize, 500);

  const env = {
    STORYLINE_DB: 'from-env.db',
    STORYLINE_QUEUE_EXPIRE_SECONDS: '20',
    STORYLINE_STORIES_JOIN_SHARE: '0.4',
  };
  const fromEnv = loadSettings(args('--config', file), env);
  assert.equal(fromEnv.db, 'from-env.db');
  assert.equal(fromEnv.queue.expireSeconds, 20);
  assert.equal(fromEnv.stories.joinShare, 0.4);
  assert.equal(fromEnv.stories.chunkSize, 500, 'the file still counts where the environment is silent');

  assert.equal(loadSettings(args('--config', file, '--db', 'flag.db'), env).db, 'flag.db');
  assert.equal(loadSettings(args(), { STORYLINE_CONFIG: file }).db, 'from-file.db', 'STORYLINE_CONFIG names the file');
});

test('a misspelt key, a wrong type or a broken file is an error that names it', () => {
  assert.throws(
    () => loadSettings(args('--config', configFile({ queue: { expireSecs: 5 } })), {}),
    (err: unknown) => err instanceof UsageError && /queue\.expireSecs is not a setting/.test(err.message),
  );
  assert.throws(
    () => loadSettings(args('--config', configFile({ quue: {} })), {}),
    (err: unknown) => err instanceof UsageError && /quue is not a setting/.test(err.message),
  );
  assert.throws(
    () => loadSettings(args('--config', configFile({ queue: { retryLimit: '3' } })), {}),
    (err: unknown) => err instanceof UsageError && /retryLimit must be a number/.test(err.message),
  );
  assert.throws(
    () => loadSettings(args('--config', configFile({})), { STORYLINE_QUEUE_RETRY_LIMIT: 'three' }),
    (err: unknown) => err instanceof UsageError && /STORYLINE_QUEUE_RETRY_LIMIT must be a number/.test(err.message),
  );
  const broken = configFile('{ "db": ');
  assert.throws(
    () => loadSettings(args('--config', broken), {}),
    (err: unknown) => err instanceof UsageError && err.message.startsWith(broken),
  );
});

test('variables are named after the keys', () => {
  assert.equal(envName('queue', 'expireSeconds'), 'STORYLINE_QUEUE_EXPIRE_SECONDS');
  assert.equal(envName('stories', 'joinShare'), 'STORYLINE_STORIES_JOIN_SHARE');
});
