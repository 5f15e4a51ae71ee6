import { chromium, type BrowserContext } from 'playwright-core';

/**
 * Debian's Chromium (package `chromium`; `.ci/run` installs it), as the bench and the
 * browser tests start it: headless, a fresh profile, and none of the background
 * connections that this machine's closed network refuses.
 */
export const CHROMIUM = '/usr/bin/chromium';

export function launchChromium(profile: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 900 },
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
