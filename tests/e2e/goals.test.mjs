// End to end: customer value goals on the demo data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { withBrowser, browser, server, openPage, screenshot, expectCount, expectText } from './harness.mjs';

withBrowser();

/** First purchase dates of all customers, from the Customers page's CSV export. */
async function firstPurchases(page) {
  await page.getByRole('link', { name: 'Customers' }).click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-customers').click()]);
  const lines = (await readFile(await download.path(), 'utf-8')).trim().split('\n');
  const column = lines[0].split(',').indexOf('first_purchase');
  return lines.slice(1).map((line) => line.split(',')[column]);
}

/** New customers in the three months up to `date` (ISO), as the KPI defines them. */
function newInQuarter(firsts, from, to) {
  return firsts.filter((d) => d >= from && d <= to).length;
}

const setDate = async (locator, value) => {
  await locator.fill(value);
  await locator.dispatchEvent('change');
};

test('a goal from a template is measured, charted, tracked, checked in, revised, exported and kept after a reload', async () => {
  const { context, page, errors } = await openPage(browser, server.url);
  const firsts = await firstPurchases(page);
  assert.equal(firsts.length, 3000);
  // Today is the observation end, 2024-12-31 (a month end: the calendar quarter).
  const current = newInQuarter(firsts, '2024-10-01', '2024-12-31');
  // At the start, 2024-01-01 (not a month end): (2023-10-01, 2024-01-01].
  const baseline = newInQuarter(firsts, '2023-10-02', '2024-01-01');
  assert.ok(baseline > 100 && current > baseline, `${baseline} → ${current}`);

  await page.getByRole('link', { name: 'Goals' }).click();
  await page.getByTestId('goals-empty').waitFor();
  await page.getByTestId('goal-template-win-new-customers').click();
  const form = page.getByTestId('goal-form');
  await form.waitFor();
  assert.equal(await page.getByTestId('goal-name').inputValue(), 'Win 500 new customers per quarter');
  // The template starts today, so the measured baseline is today's value.
  await expectText(page.getByTestId('goal-measured'), `Measured at the start: ${current} Use as baseline`);
  assert.equal(await page.getByTestId('goal-baseline').inputValue(), String(current));
  assert.equal(await page.getByTestId('goal-target').inputValue(), '500');
  assert.match(await page.getByTestId('goal-kpi-definition').innerText(), /three months up to the date/);

  // Starting earlier re-measures the baseline at the new start.
  await setDate(page.getByTestId('goal-start'), '2024-01-01');
  await setDate(page.getByTestId('goal-deadline'), '2025-03-31');
  await expectText(page.getByTestId('goal-measured'), `Measured at the start: ${baseline} Use as baseline`);
  assert.equal(await page.getByTestId('goal-baseline').inputValue(), String(baseline));
  await page.getByTestId('goal-owner').fill('Marketing');
  const stretch = page.getByTestId('goal-stretch');
  await stretch.fill('550');
  await stretch.dispatchEvent('change');
  // A milestone outside the goal's time is refused until moved inside it.
  await setDate(page.getByTestId('milestone-date'), '2025-06-30');
  await page.getByTestId('milestone-value').fill('420');
  await page.getByTestId('milestone-add').click();
  await expectText(page.getByTestId('goal-form-error'), "Not saved: a milestone on 2025-06-30 lies outside the goal's time");
  await page.getByTestId('goal-form').getByRole('button', { name: 'Remove' }).click();
  await setDate(page.getByTestId('milestone-date'), '2024-06-30');
  await page.getByTestId('milestone-value').fill('420');
  await page.getByTestId('milestone-add').click();
  await expectCount(page.getByTestId('goal-form-error'), 0);
  await page.getByTestId('goal-preview').waitFor();
  await page.getByTestId('goal-save').click();

  const card = page.getByTestId('goal-card-1');
  await card.waitFor();
  await expectText(card.getByTestId('card-current'), String(current));
  assert.equal(await card.getByTestId('card-target').innerText(), '500');
  // 365 of 455 days have passed: 80% planned.
  const progress = (current - baseline) / (500 - baseline);
  const planned = 365 / 455;
  assert.equal(
    await card.getByTestId('goal-progress').innerText(),
    `${Math.round(progress * 100)}% of the way; ${Math.round(planned * 100)}% planned by now`,
  );
  const ratio = progress / planned;
  const status = progress >= 1 ? 'Achieved' : ratio >= 0.95 ? 'On track' : ratio >= 0.75 ? 'At risk' : 'Off track';
  assert.equal(await card.getByTestId('goal-status').innerText(), status);
  assert.equal(await card.getByTestId('goal-days-left').innerText(), '90 days left');
  assert.match(await card.getByTestId('goal-forecast').innerText(), /^FORECAST AT THE DEADLINE \d+ · (reaches|falls short of) the target$/i);
  // Started a year ago without a check-in: due for review.
  await card.getByTestId('goal-review-due').waitFor();
  await expectText(page.getByTestId('goals-shown'), '1 of 1 goals');

  // The saved goal's detail is open: chart with 19 measured points (six
  // months before the start, the start, and each month end to today), plan,
  // forecast band and today.
  assert.equal(await card.getByTestId('goal-open').getAttribute('aria-expanded'), 'true');
  const chart = page.getByTestId('goal-chart');
  await expectCount(chart.locator('circle[r="4"][fill="#0F4C5C"]'), 19);
  await expectCount(chart.locator('polygon[fill="#D98E04"]'), 1);
  await expectCount(chart.locator('line[stroke="#17252C"], polyline[stroke="#17252C"]'), 1);
  // Target and stretch target, and the milestone (with the legend's sample).
  assert.ok((await chart.textContent()).includes('Stretch target: 550'));
  await expectCount(chart.locator('polygon[fill="#2E7D32"]'), 2);
  assert.equal(await page.getByTestId('detail-stretch').innerText(), '550');
  // The table view: the 19 measured dates, then the forecast's month ends to the deadline.
  const rows = await page
    .locator('[data-testid=goal-chart-table] tbody tr')
    .evaluateAll((trs) => trs.map((tr) => Array.from(tr.cells, (c) => c.textContent)));
  assert.equal(rows.length, 19 + 3);
  assert.deepEqual(rows[6].slice(0, 3), ['2024-01-01', String(baseline), String(baseline)]);
  assert.deepEqual(rows[18].slice(0, 2), ['2024-12-31', String(current)]);
  assert.equal(rows[21][0], '2025-03-31');
  assert.equal(rows[21][2], '500');
  assert.equal(await page.getByTestId('detail-owner').innerText(), 'Marketing');
  await screenshot(page, 'goal-detail');

  // A check-in (dated today by default) clears the review flag.
  await page.getByTestId('check-in-note').fill('Referral programme live');
  await page.getByTestId('check-in-confidence').fill('70');
  await page.getByTestId('check-in-add').click();
  await expectText(page.getByTestId('goal-check-ins'), '2024-12-31 · 70\u00a0%\nReferral programme live');
  await expectCount(card.getByTestId('goal-review-due'), 0);
  await expectCount(chart.locator('title', { hasText: 'Check-in' }), 1);

  // A revision keeps the previous target and deadline; one on the wrong side is refused.
  await page.getByText('Revise target or deadline').click();
  await page.getByTestId('revise-target').fill(String(baseline - 1));
  await page.getByTestId('revise-save').click();
  await expectText(page.getByTestId('revise-error'), 'Not saved: the target must be above the baseline: higher is better for this KPI');
  await page.getByTestId('revise-target').fill('520');
  await setDate(page.getByTestId('revise-deadline'), '2025-06-30');
  await page.getByTestId('revise-reason').fill('Budget doubled');
  await page.getByTestId('revise-save').click();
  await expectText(
    page.getByTestId('goal-revisions'),
    '2024-12-31: target 500 → 520, deadline 2025-03-31 → 2025-06-30\nBudget doubled',
  );
  await expectText(card.getByTestId('card-target'), '520');

  // The goals table as CSV.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('goals-export').click()]);
  assert.equal(download.suggestedFilename(), 'kundenwert-goals.csv');
  const csv = (await readFile(await download.path(), 'utf-8')).trim().split('\n');
  assert.equal(csv.length, 2);
  assert.ok(
    csv[1].startsWith(`1,Win 500 new customers per quarter,new-customers-per-quarter,all,${baseline},520,550,2024-01-01,2025-06-30,acquisition,Marketing,0,${current},`),
    csv[1],
  );
  assert.ok(csv[1].endsWith(',false,1,1'), csv[1]);
  await screenshot(page, 'goals-dashboard');

  // Everything is still there after a reload.
  await page.reload();
  await expectText(page.getByTestId('goal-card-1').getByTestId('card-current'), String(current));
  await page.getByTestId('goal-card-1').getByTestId('goal-open').click();
  await expectText(page.getByTestId('goal-check-ins'), '2024-12-31 · 70\u00a0%\nReferral programme live');
  await expectCount(page.locator('[data-testid=goal-revisions] li'), 1);

  // On a phone the cards stack and the page does not scroll sideways.
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, 'goals-phone');
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 390));
  await page.setViewportSize({ width: 1280, height: 860 });

  // German: status, levers and numbers follow the language.
  await page.getByRole('button', { name: 'Deutsch' }).click();
  await expectText(page.getByRole('heading', { level: 1 }), 'Kundenwertziele');
  const german = { 'On track': 'Im Plan', 'At risk': 'Gefährdet', 'Off track': 'Nicht im Plan', Achieved: 'Erreicht' };
  await expectText(page.getByTestId('goal-card-1').getByTestId('goal-status'), german[status]);
  await expectText(page.getByTestId('detail-lever'), 'Akquisition');
  await screenshot(page, 'goals-dashboard-de');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a goal that contradicts itself is explained and not saved; a model goal waits for the fit', async () => {
  const { context, page, errors } = await openPage(browser, server.url);
  await page.getByRole('link', { name: 'Goals' }).click();
  await page.getByTestId('goal-new').click();
  await page.getByTestId('goal-name').fill('More repeat buyers');
  // Shares are entered in percent; the baseline is measured from the data.
  const baseline = Number(await page.getByTestId('goal-baseline').inputValue());
  assert.ok(baseline > 0 && baseline < 100, String(baseline));
  const target = page.getByTestId('goal-target');
  await target.fill(String(Math.floor(baseline) - 5));
  await target.dispatchEvent('change');
  await expectText(page.getByTestId('goal-form-error'), 'Not saved: the target must be above the baseline: higher is better for this KPI');
  assert.equal(await page.getByTestId('goal-save').isDisabled(), true);
  await target.fill(String(Math.ceil(baseline) + 5));
  await target.dispatchEvent('change');
  await expectCount(page.getByTestId('goal-form-error'), 0);
  await setDate(page.getByTestId('goal-deadline'), '2024-06-30');
  await expectText(page.getByTestId('goal-form-error'), 'Not saved: the deadline must be after the start');
  assert.equal(await page.getByTestId('goal-save').isDisabled(), true);
  // Churn: lower is better, so the target must be below the baseline.
  await page.getByTestId('goal-kpi').selectOption('churn-rate');
  await setDate(page.getByTestId('goal-deadline'), '2025-12-31');
  await page.getByTestId('goal-target').fill('99');
  await page.getByTestId('goal-target').dispatchEvent('change');
  await expectText(page.getByTestId('goal-form-error'), 'Not saved: the target must be below the baseline: lower is better for this KPI');
  await page.getByRole('button', { name: 'Cancel' }).click();
  await page.getByTestId('goals-empty').waitFor();

  // A goal on the average CLV of the Champions: measured once the model is fitted.
  await page.getByTestId('goal-template-raise-champions-clv').click();
  await expectText(page.getByTestId('goal-kpi-definition'), 'Customer equity divided by the number of customers.');
  await page.getByTestId('goal-measured').getByText(/^Measured at the start: €\d+\.\d\d$/).waitFor({ timeout: 60_000 });
  const measured = Number((await page.getByTestId('goal-baseline').inputValue()));
  assert.ok(Math.abs(Number(await page.getByTestId('goal-target').inputValue()) - measured * 1.1) < 0.01);
  await page.getByTestId('goal-cost').fill('2500');
  await page.getByTestId('goal-cost').dispatchEvent('change');
  await page.getByTestId('goal-save').click();
  const card = page.getByTestId('goal-card-1');
  await expectText(card.getByTestId('goal-status'), 'On track');
  assert.match(await card.getByTestId('card-current').innerText(), /^€\d+\.\d\d$/);
  // The Champions change from month to month: their goal keeps the trend.
  assert.match(await page.getByTestId('detail-forecast-method').innerText(), /^Straight-line trend/);
  // Started today: nothing gained yet.
  await expectText(page.getByTestId('goal-roi'), '€0.00 gained for €2,500.00: ROI −100%');
  assert.deepEqual(errors, []);
  await context.close();
});

test('customer equity of all customers is forecast by the models, with an interval', async () => {
  const { context, page, errors } = await openPage(browser, server.url);
  await page.getByRole('link', { name: 'Goals' }).click();
  await page.getByTestId('goal-new').click();
  await page.getByTestId('goal-name').fill('Grow customer equity');
  await page.getByTestId('goal-kpi').selectOption('customer-equity');
  await setDate(page.getByTestId('goal-start'), '2024-06-30');
  await setDate(page.getByTestId('goal-deadline'), '2025-06-30');
  await page.getByTestId('goal-measured').getByText(/^Measured at the start: €[\d,]+\.\d\d$/).waitFor({ timeout: 60_000 });
  // The baseline follows the measurement once the model is there.
  const measured = Number((await page.getByTestId('goal-measured').innerText()).match(/€([\d,]+\.\d\d)/)[1].replace(/,/g, ''));
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=goal-baseline]').value) > 10_000);
  const baseline = Number(await page.getByTestId('goal-baseline').inputValue());
  assert.ok(Math.abs(baseline - measured) < 0.01 && baseline > 10_000, `${baseline} vs ${measured}`);
  const target = page.getByTestId('goal-target');
  await target.fill(String(Math.round(baseline * 1.2)));
  await target.dispatchEvent('change');
  await page.getByTestId('goal-save').click();
  // Six months before the start, the start (a month end) and six month ends since.
  await expectCount(page.getByTestId('goal-chart').locator('circle[r="4"][fill="#0F4C5C"]'), 13);
  assert.match(await page.getByTestId('detail-forecast-method').innerText(), /^The models' projection: /);
  assert.match(await page.getByTestId('detail-forecast').innerText(), /^€[\d,]+\.\d\d \(€[\d,]+\.\d\d to €[\d,]+\.\d\d\)$/);
  await expectCount(page.getByTestId('goal-chart').locator('polygon[fill="#D98E04"]'), 1);
  assert.match(await page.getByTestId('detail-progress').innerText(), /^\d+\.\d%$/);
  await screenshot(page, 'goal-model-forecast');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a survey KPI takes dated values by hand and can carry a goal', async () => {
  const { context, page, errors } = await openPage(browser, server.url);
  await page.getByRole('link', { name: 'Goals' }).click();
  await page.getByTestId('survey-name').fill('NPS');
  await page.getByTestId('survey-add').click();
  for (const [date, value] of [['2024-06-30', '30'], ['2024-12-31', '34'], ['2024-03-31', '25']]) {
    await setDate(page.getByTestId('survey-value-date'), date);
    await page.getByTestId('survey-value').fill(value);
    await page.getByTestId('survey-value-add').click();
  }
  await expectText(page.getByTestId('survey-list'), 'NPS · 3 values, latest 34.00 on 2024-12-31');
  // With a second survey chosen, the select keeps showing it after a value is added,
  // and the next value goes to the survey shown.
  await page.getByTestId('survey-name').fill('CSAT');
  await page.getByTestId('survey-add').click();
  await page.getByTestId('survey-value-survey').selectOption('CSAT');
  for (const value of ['4.1', '4.3']) {
    await setDate(page.getByTestId('survey-value-date'), '2024-12-31');
    await page.getByTestId('survey-value').fill(value);
    await page.getByTestId('survey-value-add').click();
    assert.equal(await page.getByTestId('survey-value-survey').inputValue(), 'CSAT');
  }
  await expectText(
    page.getByTestId('survey-list'),
    'NPS · 3 values, latest 34.00 on 2024-12-31\nCSAT · 2 values, latest 4.30 on 2024-12-31',
  );
  await page.getByTestId('goal-new').click();
  await page.getByTestId('goal-kpi').selectOption('survey:NPS');
  await page.getByTestId('goal-name').fill('Raise the NPS to 40');
  await setDate(page.getByTestId('goal-start'), '2024-06-30');
  await setDate(page.getByTestId('goal-deadline'), '2025-06-30');
  await expectText(page.getByTestId('goal-measured'), 'Measured at the start: 30.00 Use as baseline');
  await page.getByTestId('goal-target').fill('40');
  await page.getByTestId('goal-target').dispatchEvent('change');
  await page.getByTestId('goal-save').click();
  const card = page.getByTestId('goal-card-1');
  await expectText(card.getByTestId('card-current'), '34.00');
  // 4 of 10 points after 184 of 365 days: 40% against 50% planned (ratio 0.79: at risk).
  await expectText(card.getByTestId('goal-progress'), '40% of the way; 50% planned by now');
  await expectText(card.getByTestId('goal-status'), 'At risk');
  await page.reload();
  await expectText(page.getByTestId('goal-card-1').getByTestId('card-current'), '34.00');

  // Edit: a new name and owner; the revision history is not involved.
  await page.getByTestId('goal-card-1').getByTestId('goal-open').click();
  await page.getByTestId('goal-edit').click();
  assert.equal(await page.getByTestId('goal-baseline').inputValue(), '30');
  await page.getByTestId('goal-name').fill('NPS 40 by summer');
  await page.getByTestId('goal-owner').fill('Service team');
  await page.getByTestId('goal-save').click();
  await expectText(page.getByTestId('goal-card-1').locator('h3'), 'NPS 40 by summer');
  await expectText(page.getByTestId('detail-owner'), 'Service team');

  // Delete asks first; declining keeps the goal, accepting removes it.
  page.once('dialog', (dialog) => dialog.dismiss());
  await page.getByTestId('goal-delete').click();
  await expectCount(page.getByTestId('goal-card-1'), 1);
  page.once('dialog', (dialog) => {
    assert.equal(dialog.message(), 'Delete the goal “NPS 40 by summer” with its check-ins and revisions?');
    dialog.accept();
  });
  await page.getByTestId('goal-delete').click();
  await page.getByTestId('goals-empty').waitFor();
  await page.reload();
  await page.getByTestId('goals-empty').waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});
