// Test-only: how large a board pack's chart text is drawn on a phone.
//
//   node tests/browser/chart-text.mjs PACK.html
//
// Loads the pack in the machine's headless Chromium at 390 px wide and
// prints the smallest height, in CSS pixels, at which any text of a full
// chart (svg.chart) is drawn, then how many chart texts it measured. A
// chart scaled down to the phone's width draws its words about 5 px high.

import { pathToFileURL } from 'node:url';
import { launch } from './chromium.mjs';

const file = process.argv[2];
if (!file) {
  console.error('usage: node chart-text.mjs PACK.html');
  process.exit(2);
}

const browser = await launch();
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 390, height: 844 });
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  const [smallest, count] = await page.evaluate(() => {
    let least = Infinity;
    let n = 0;
    for (const t of document.querySelectorAll('svg.chart text')) {
      const box = t.getBoundingClientRect();
      if (box.height === 0 || t.textContent.trim() === '') continue;
      // The drawn size of the font: its size in the SVG's units times the
      // SVG's scale on the page.
      const svg = t.ownerSVGElement;
      const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
      const size = parseFloat(getComputedStyle(t).fontSize) * scale;
      least = Math.min(least, size);
      n += 1;
    }
    return [least, n];
  });
  console.log(`${smallest.toFixed(2)} ${count}`);
} finally {
  await browser.close();
}
