// The browser the end-to-end tests drive: Debian's Chromium through playwright-core, headless, with nothing of its
// own going to the network. One place for its path, its flags and the skip message when it is missing.
import { existsSync, rmSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/** false when Chromium is there, else why the browser tests skip and how to enable them. */
export const chromiumSkip: false | string = existsSync(CHROMIUM)
  ? false
  : `needs Chromium at ${CHROMIUM} (apt-get install chromium) to run the browser tests`;

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** What a browser test sets up, closed in reverse order; any of it may be missing when its setup failed part-way. */
export async function closeBrowserTest(parts: {
  browser?: { close(): Promise<unknown> };
  server?: { close(): Promise<unknown> };
  store?: { close(): Promise<unknown> };
  dir?: string;
}): Promise<void> {
  await parts.browser?.close();
  await parts.server?.close();
  await parts.store?.close();
  if (parts.dir) rmSync(parts.dir, { recursive: true, force: true });
}
