// Draws the app icons in public/icons/ from public/favicon.svg with headless
// Chromium (run once after changing the mark; the PNGs are committed):
//   node .ci/icons.mjs        (needs bash .ci/setup browser)
// icon-192.png and icon-512.png are the favicon as it is; icon-maskable-512.png
// fills the square with the brand colour and keeps the mark inside the central
// circle of 80 % that every mask shape leaves visible.
import { readFile, mkdir } from 'node:fs/promises';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '../tests/e2e/node_modules/playwright-core/index.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const favicon = await readFile(join(root, 'public', 'favicon.svg'), 'utf8');
const mark = favicon.match(/<path[^>]*\/>/)[0];
const maskable = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" fill="#0f4c5c"/><g transform="translate(32 32) scale(0.62) translate(-32 -32)">${mark}</g></svg>`;

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage();
await mkdir(join(root, 'public', 'icons'), { recursive: true });
for (const [name, svg, size] of [
  ['icon-192.png', favicon, 192],
  ['icon-512.png', favicon, 512],
  ['icon-maskable-512.png', maskable, 512],
]) {
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(`<style>html,body{margin:0;background:transparent}svg{display:block;width:${size}px;height:${size}px}</style>${svg}`);
  await page.screenshot({ path: join(root, 'public', 'icons', name), omitBackground: true });
}
await browser.close();
