// Test-only: the machine's headless Chromium (Debian's /usr/bin/chromium,
// or $CHROMIUM), as every script here starts it: nothing downloaded,
// nothing fetched in the background.

import puppeteer from 'puppeteer-core';

export function launch() {
  return puppeteer.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
