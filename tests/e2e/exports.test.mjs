// End to end: every chart saves as PNG at twice its size on screen (besides SVG).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { withBrowser, browser, server, openPage } from './harness.mjs';

withBrowser();

/** Width and height from a PNG's IHDR chunk, after checking its signature. */
function pngSize(bytes) {
  assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG signature');
  assert.equal(bytes.subarray(12, 16).toString('latin1'), 'IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

async function savePng(page, card) {
  const shown = await card.locator('figure svg, table').first().boundingBox();
  const [download] = await Promise.all([page.waitForEvent('download'), card.getByTestId('chart-save-png').click()]);
  return { name: download.suggestedFilename(), size: pngSize(await readFile(await download.path())), shown };
}

test('a chart and the R x F grid save as PNG at twice their size on screen', async () => {
  const { context, page, errors } = await openPage(browser, server.url);
  const monthly = page.locator('.chart-card').first();
  const chart = await savePng(page, monthly);
  assert.match(chart.name, /\.png$/);
  assert.equal(chart.size.width, Math.round(chart.shown.width * 2));
  assert.equal(chart.size.height, Math.round(chart.shown.height * 2));

  await page.getByRole('link', { name: 'Segments' }).click();
  const grid = page.locator('.card').filter({ has: page.getByTestId('rfm-grid') });
  await grid.getByTestId('rfm-grid').waitFor();
  const saved = await savePng(page, grid);
  assert.equal(saved.name, 'kundenwert-rfm-grid.png');
  assert.equal(saved.size.width, Math.round(saved.shown.width * 2));
  assert.deepEqual(errors, []);
  await context.close();
});
