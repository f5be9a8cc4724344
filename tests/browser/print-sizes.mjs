// Test-only: the smallest text a printed board pack holds.
//
//   node tests/browser/print-sizes.mjs PACK.html
//
// Loads the pack in the machine's headless Chromium with print styles, and
// prints one line: the smallest computed font size, in points, of any
// element that holds visible text of its own (charts' SVG text and text
// kept for screen readers only are not counted), then the element. Council
// board papers are printed at 11 or 12 pt.

import { pathToFileURL } from 'node:url';
import { launch } from './chromium.mjs';

const file = process.argv[2];
if (!file) {
  console.error('usage: node print-sizes.mjs PACK.html');
  process.exit(2);
}

const browser = await launch();
try {
  const page = await browser.newPage();
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  await page.emulateMediaType('print');
  const smallest = await page.evaluate(() => {
    let least = { pt: Infinity, what: '' };
    for (const el of document.querySelectorAll('body *')) {
      if (el.closest('svg, .vh, [aria-hidden="true"]')) continue;
      const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim() !== '');
      if (!own) continue;
      const style = getComputedStyle(el);
      if (style.display === 'none' || style.visibility === 'hidden' || el.getClientRects().length === 0) continue;
      const pt = (parseFloat(style.fontSize) * 72) / 96;
      if (pt < least.pt) {
        least = { pt, what: `${el.tagName.toLowerCase()}.${el.className}: ${el.textContent.trim().slice(0, 40)}` };
      }
    }
    return least;
  });
  console.log(`${smallest.pt.toFixed(2)} ${smallest.what}`);
} finally {
  await browser.close();
}
