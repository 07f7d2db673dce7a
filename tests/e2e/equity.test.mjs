// End to end: customer equity with levers, scenarios and goal-seek on the demo data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withBrowser, browser, server, openPage, callWasm, screenshot, expectCount, expectText } from './harness.mjs';

withBrowser();

/** "€123,456.78" → 123456.78 (negative with the minus sign). */
const money = (text) => Number(text.replace(/[€,\s\u00a0+]/g, '').replace('−', '-'));
const read = async (page, id) => money(await page.getByTestId(id).innerText());

/** Moves a range input to `value` (percent) the way a user's drag ends. */
async function slide(page, id, value) {
  await page.getByTestId(id).fill(String(value));
}

test('levers recompute equity, a scenario survives a reload, goal-seek finds a lever, a scenario becomes a goal', async () => {
  const { context, page, errors } = await openPage(browser, server.url);
  await page.getByRole('link', { name: 'Equity' }).click();
  // The models are fitted on the way.
  await page.getByTestId('equity-total').waitFor({ timeout: 60_000 });
  const base = await read(page, 'equity-total');
  const current = await read(page, 'equity-current');
  const future = await read(page, 'equity-future');
  assert.ok(current > 0 && base > 0);
  assert.ok(Math.abs(base - current - future) < 0.02, `${base} = ${current} + ${future}`);
  assert.match(await page.getByTestId('equity-interval').innerText(), /^95% interval €[\d,]+\.\d\d to €[\d,]+\.\d\d$/);
  // Three charts with their tables.
  await page.getByTestId('equity-stack').locator('svg').waitFor();
  await expectCount(page.locator('[data-testid=equity-stack-table] tbody tr'), 36);
  // The table splits the future by cohort: the cohorts' values add up to the future part.
  const stack = await page
    .locator('[data-testid=equity-stack-table] tbody tr')
    .evaluateAll((trs) => trs.map((tr) => Array.from(tr.cells, (c) => c.textContent)));
  const cohorts = stack.reduce((sum, r) => sum + money(r[2]), 0);
  assert.ok(Math.abs(cohorts - future) < 0.5, `${cohorts} vs ${future}`);
  assert.equal(money(stack[35][3]), current);
  await expectCount(page.locator('[data-testid=equity-waterfall-table] tbody tr'), 8);

  // More retention: equity rises at once, the waterfall shows it.
  await slide(page, 'lever-retention', 20);
  await expectText(page.getByTestId('lever-retention-value'), '+20%');
  const kept = await read(page, 'equity-total');
  assert.ok(kept > base, `${kept} > ${base}`);
  assert.match(await page.getByTestId('equity-change').innerText(), /^\+€[\d,]+\.\d\d \(\+\d+%\) against today$/);
  const rows = await page
    .locator('[data-testid=equity-waterfall-table] tbody tr')
    .evaluateAll((trs) => trs.map((tr) => Array.from(tr.cells, (c) => c.textContent)));
  assert.equal(rows[1][0], 'Retention');
  assert.ok(money(rows[1][1]) > 0);
  assert.equal(money(rows[7][1]), kept);
  // Higher acquisition cost lowers it.
  await page.getByTestId('equity-cac').fill('15');
  await page.getByTestId('equity-cac').dispatchEvent('change');
  await expectCount(page.getByTestId('equity-total').filter({ hasText: String(kept) }), 0);
  const costly = await read(page, 'equity-total');
  assert.ok(costly < kept, `${costly} < ${kept}`);

  // A saved scenario.
  await page.getByTestId('scenario-name').fill('Loyalty programme');
  await page.getByTestId('scenario-save').click();
  const row = page.getByTestId('scenario-Loyalty programme');
  assert.equal(money(await row.getByTestId('scenario-total').innerText()), costly);
  await page.getByTestId('levers-reset').click();
  await expectText(page.getByTestId('lever-retention-value'), '0%');
  const reset = await read(page, 'equity-total');
  assert.ok(reset < costly);
  await screenshot(page, 'equity-page');

  // Reload: the scenario is still there and applies again.
  await page.reload();
  await page.getByTestId('equity-total').waitFor({ timeout: 60_000 });
  assert.equal(await read(page, 'equity-total'), reset);
  await page.getByTestId('scenario-Loyalty programme').getByTestId('scenario-apply').click();
  await expectText(page.getByTestId('lever-retention-value'), '+20%');
  assert.equal(await read(page, 'equity-total'), costly);

  // Goal-seek: the order value that adds 5% to equity with the scenario's levers.
  const target = Math.round(costly * 1.05);
  await page.getByTestId('goal-seek-target').fill(String(target));
  await page.getByTestId('goal-seek-lever').selectOption('order-value');
  await page.getByTestId('goal-seek-run').click();
  assert.match(await page.getByTestId('goal-seek-result').innerText(), /^Order value \(up- and cross-selling\) at \+\d+% reaches €[\d,]+\.\d\d\. Apply this lever$/);
  await page.getByTestId('goal-seek-apply').click();
  // The slider shows whole percent; the equity is the sought target.
  assert.ok(Math.abs((await read(page, 'equity-total')) - target) < 1, `${await read(page, 'equity-total')} vs ${target}`);
  // Beyond what a lever can do.
  await page.getByTestId('goal-seek-target').fill(String(costly * 100));
  await page.getByTestId('goal-seek-lever').selectOption('margin');
  await page.getByTestId('goal-seek-run').click();
  assert.match(await page.getByTestId('goal-seek-result').innerText(), /^Not reachable with this lever within its range: it moves equity between €[\d,]+\.\d\d and €[\d,]+\.\d\d\.$/);

  // The scenario as a goal on the Goals page.
  await page.getByTestId('scenario-Loyalty programme').getByTestId('scenario-goal').click();
  await expectText(page.getByTestId('scenario-notice'), 'Goal “Loyalty programme” created on the Goals page.');
  await page.getByRole('link', { name: 'Goals' }).click();
  const card = page.getByTestId('goal-card-1');
  await expectText(card.locator('h3'), 'Loyalty programme');
  assert.equal(await card.locator('.goal-kpi').innerText(), 'Customer equity · All customers');

  // Goal-seek for that goal: the retention that gives today's customers the goal's change.
  await page.getByRole('link', { name: 'Equity' }).click();
  await page.getByTestId('equity-total').waitFor({ timeout: 60_000 });
  await page.getByTestId('levers-reset').click();
  const now = await read(page, 'equity-current');
  await page.getByTestId('goal-seek-goal').selectOption({ label: 'Loyalty programme' });
  await page.getByTestId('goal-seek-lever').selectOption('retention');
  await page.getByTestId('goal-seek-run').click();
  const sought = await page.getByTestId('goal-seek-result').innerText();
  assert.match(sought, /^Retention at \+\d+% brings today's customers to €[\d,]+\.\d\d, the goal's change\. Apply this lever$/);
  // The scenario had +20% retention (and other levers that do not touch today's
  // customers' value per customer... except order value, which it did not use).
  assert.ok(/at \+(19|20|21)%/.test(sought), sought);
  assert.ok(money(sought.match(/to (€[\d,.]+),/)[1]) > now);
  assert.deepEqual(errors, []);
  await context.close();
});

test('new customers can be projected by hand, and the simple mode values customers from retention', async () => {
  const { context, page, errors } = await openPage(browser, server.url);
  await page.getByRole('link', { name: 'Equity' }).click();
  await page.getByTestId('equity-total').waitFor({ timeout: 60_000 });
  await page.getByTestId('equity-method').selectOption('manual');
  await page.getByTestId('equity-manual').fill('200');
  await page.getByTestId('equity-manual').dispatchEvent('change');
  await expectText(page.getByTestId('equity-per-month'), '200.0');
  assert.match(await page.getByTestId('equity-method-preview').innerText(), /^Next month: 200\.0 new customers expected; the last six months averaged \d+\.\d\.$/);
  // The logistic curve of Gupta, Lehmann & Stuart is fitted to the cumulative count.
  await page.getByTestId('equity-method').selectOption('logistic');
  assert.match(await page.getByTestId('equity-method-preview').innerText(), /^Next month: \d+\.\d new customers expected/);
  await expectCount(page.getByTestId('equity-acquisition-error'), 0);
  await expectCount(page.getByTestId('equity-acquisition').locator('svg'), 1);

  await page.getByText('Simple mode: value from retention').click();
  // 100 a year, 80% retained, 10% discount: 100 · 0.8 / 0.3 = 266.67.
  await expectText(page.getByTestId('simple-result'), 'CLV €266.67 per customer; 1,000 customers are worth €266,666.67.');
  await page.getByTestId('simple-years').fill('3');
  await page.getByTestId('simple-years').dispatchEvent('change');
  // 100 · (0.8/1.1 + 0.64/1.21 + 0.512/1.331) = 164.087.
  await expectText(page.getByTestId('simple-result'), 'CLV €164.09 per customer; 1,000 customers are worth €164,087.15.');
  await page.getByTestId('simple-retention').fill('120');
  await page.getByTestId('simple-retention').dispatchEvent('change');
  assert.match(await page.getByTestId('simple-result').innerText(), /^Cannot compute: /);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a lever drag with 100,000 customers saves the workspace once, when the hand stops', async () => {
  const { context, page, errors } = await openPage(browser, server.url);
  // Count the writes of the stored workspace: puts into IndexedDB's catalogue store
  // (one per save; a write that fails for size counts too).
  await context.addInitScript(() => {
    window.__workspaceWrites = 0;
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (...args) {
      if (this.name === 'meta') window.__workspaceWrites += 1;
      return put.apply(this, args);
    };
  });
  await page.reload();
  const csv = await callWasm(page, 'kundenwert_synthetic_transactions_csv', 100000, 1);
  await page.getByTestId('import-file').setInputFiles({ name: 'synthetic.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByText('Imported synthetic.csv: 100,000 customers').waitFor({ timeout: 120_000 });
  await expectText(page.getByTestId('stat-customers'), '100,000');
  await page.getByRole('link', { name: 'Equity' }).click();
  await page.getByTestId('equity-total').waitFor({ timeout: 120_000 });
  const before = await read(page, 'equity-total');
  await page.waitForTimeout(1000);
  const writesBefore = await page.evaluate(() => window.__workspaceWrites);

  // A drag: one input event per frame from 1% to 30%, as a hand moves the slider.
  const stalls = await page.evaluate(async () => {
    const stalls = [];
    const observer = new PerformanceObserver((list) => list.getEntries().forEach((e) => stalls.push(e.duration)));
    observer.observe({ type: 'longtask' });
    const slider = document.querySelector('[data-testid=lever-retention]');
    for (let v = 1; v <= 30; v++) {
      slider.value = String(v);
      slider.dispatchEvent(new Event('input', { bubbles: true }));
      await new Promise((resolve) => requestAnimationFrame(() => resolve()));
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    observer.disconnect();
    return stalls;
  });
  await expectText(page.getByTestId('lever-retention-value'), '+30%');
  assert.ok((await read(page, 'equity-total')) > before);
  // Writes only after the hand stops (the save waits 400 ms): none during the drag ...
  assert.equal(await page.evaluate(() => window.__workspaceWrites), writesBefore);
  // ... and exactly one after it.
  await page.waitForTimeout(1500);
  assert.equal(await page.evaluate(() => window.__workspaceWrites), writesBefore + 1);
  // A measurement for the README, not an assertion.
  console.log(
    `in-browser, 100,000 customers, 30-step lever drag: ${stalls.length} long tasks, longest ${Math.round(Math.max(0, ...stalls))} ms`,
  );
  assert.deepEqual(errors, []);
  await context.close();
});
