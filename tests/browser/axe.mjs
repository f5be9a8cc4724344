// Test-only: checks a board pack in the machine's headless Chromium.
//
//   node tests/browser/axe.mjs PACK.html
//
// 1. axe-core's WCAG 2.0, 2.1 and 2.2 A and AA rules, and its best
//    practices (heading order among them), at a desktop width
//    and at 390 px (a phone), report no violation;
// 2. at 390 px the page does not scroll sideways.
//
// Prints one line per problem and exits 1 if there is any; prints a summary
// line and exits 0 otherwise. Chromium is Debian's (/usr/bin/chromium, or
// $CHROMIUM); nothing is downloaded and the pack is read from a file, so
// the page fetches nothing.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { launch } from './chromium.mjs';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const file = process.argv[2];
if (!file) {
  console.error('usage: node axe.mjs PACK.html');
  process.exit(2);
}

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
const PHONE = 390;
const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 900 },
  { name: 'phone', width: PHONE, height: 844 },
];

const browser = await launch();

const problems = [];
let checked = 0;
try {
  for (const viewport of VIEWPORTS) {
    const page = await browser.newPage();
    await page.setViewport({ width: viewport.width, height: viewport.height });
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    await page.evaluate(axeSource);
    const results = await page.evaluate(
      (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags } }),
      TAGS,
    );
    checked += results.passes.length;
    for (const v of results.violations) {
      for (const node of v.nodes) {
        problems.push(
          `${viewport.name}: ${v.id} (${v.impact}): ${v.help}: ${node.target.join(' ')}: ${node.failureSummary.replace(/\s+/g, ' ')}`,
        );
      }
    }
    if (viewport.width === PHONE) {
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      if (width > PHONE) {
        const wide = await page.evaluate((limit) =>
          [...document.querySelectorAll('body *')]
            .filter((e) => e.getBoundingClientRect().right > limit + 0.5)
            .slice(0, 5)
            .map((e) => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}${e.className && typeof e.className === 'string' ? '.' + e.className.split(' ').join('.') : ''}`),
          PHONE,
        );
        problems.push(`phone: the page is ${width} px wide at ${PHONE} px, so it scrolls sideways; widest: ${wide.join(', ')}`);
      }
    }
    await page.close();
  }
} finally {
  await browser.close();
}

for (const p of problems) {
  console.log(p);
}
const failed = problems.length;
console.log(`axe ${TAGS.join(',')}: ${checked} rule checks passed over ${VIEWPORTS.length} widths; ${failed} problem${failed === 1 ? '' : 's'}`);
process.exit(failed ? 1 : 0);
