// End to end: a workspace exported as a file and imported into a fresh
// browser profile shows the same figures; damaged or foreign files change
// nothing; a share link opens read-only in a fresh profile with the goals,
// charts and equity, says so when tampered or cut, and saves as a workspace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withBrowser, browser, server, openPage, screenshot, csvFile, expectCount, expectText, storedWorkspaces, watchContext } from './harness.mjs';

withBrowser();

const text = (page, id) => page.getByTestId(id).innerText();
const row = (page, name) =>
  page.getByTestId('workspace-row').filter({ has: page.getByTestId('workspace-name').getByText(name, { exact: true }) });

async function goToWorkspaces(page) {
  await page.getByRole('link', { name: 'Workspaces' }).click();
  await page.getByTestId('workspaces').waitFor();
}

const ORDERS =
  'customer_id,date,amount\nA-1,2024-01-05,50\nA-1,2024-02-09,150\nB-2,2024-01-20,80\nB-2,2024-03-01,20\nC-3,2024-03-01,40\n';

test('a workspace file round-trips into a fresh profile; a damaged or foreign file changes nothing', async () => {
  const { context, page, errors } = await openPage(browser, server.url);
  await page.getByTestId('import-file').setInputFiles(csvFile('spring.csv', ORDERS));
  await page.getByText('Imported spring.csv: 3 customers, 5 transactions.').waitFor();
  await page.getByRole('button', { name: 'Days' }).click();
  await page.getByTestId('observation-end').fill('2024-03-15');
  await expectText(page.getByTestId('save-status'), 'Saved in this browser');
  const figures = async (p) => ({
    customers: await text(p, 'stat-customers'),
    revenue: await text(p, 'stat-revenue'),
    end: await p.getByTestId('observation-end').inputValue(),
    days: await p.getByRole('button', { name: 'Days' }).getAttribute('aria-pressed'),
  });
  const before = await figures(page);
  await goToWorkspaces(page);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    row(page, 'Demo').getByTestId('workspace-export').click(),
  ]);
  assert.equal(download.suggestedFilename(), 'Demo.kundenwert');
  const file = await readFile(await download.path());
  assert.equal(file.subarray(0, 8).toString('latin1'), 'KUNDENWS');
  await context.close();

  // A fresh profile: the file becomes a new workspace with the same figures.
  const fresh = await openPage(browser, server.url);
  await goToWorkspaces(fresh.page);
  const path = join(tmpdir(), `kundenwert-${process.pid}.kundenwert`);
  await writeFile(path, file);
  await fresh.page.getByTestId('workspace-file-input').setInputFiles(path);
  await expectText(fresh.page.getByTestId('current-workspace'), 'Demo (2)');
  await fresh.page.getByRole('link', { name: 'Data' }).click();
  await expectText(fresh.page.getByTestId('stat-customers'), before.customers);
  assert.deepEqual(await figures(fresh.page), before);
  assert.equal((await storedWorkspaces(fresh.page)).length, 2);

  // Damaged (one byte flipped), cut short, foreign: a clear message, nothing added.
  await goToWorkspaces(fresh.page);
  const flipped = Buffer.from(file);
  flipped[flipped.length - 5] ^= 0x55;
  const cases = [
    ['damaged.kundenwert', flipped, /damaged|checksum|does not decompress/i],
    ['cut.kundenwert', file.subarray(0, 30), /cut short|incomplete|truncated|damaged/i],
    ['photo.kundenwert', Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), /not a Kundenwert workspace file/],
  ];
  for (const [name, bytes, message] of cases) {
    await fresh.page
      .getByTestId('workspace-file-input')
      .setInputFiles({ name, mimeType: 'application/octet-stream', buffer: bytes });
    await fresh.page.getByTestId('workspace-file-problem').getByText(name).waitFor();
    const problem = await text(fresh.page, 'workspace-file-problem');
    assert.ok(problem.startsWith(`${name} was not imported: `), problem);
    assert.match(problem, message);
    assert.match(problem, /Nothing was changed\.$/);
  }
  await screenshot(fresh.page, 'workspace-file-problem');
  assert.equal((await storedWorkspaces(fresh.page)).length, 2);
  assert.deepEqual(errors, []);
  assert.deepEqual(fresh.errors, []);
  await fresh.context.close();
});

test('a share link opens read-only in a fresh profile, is refused when tampered or cut, and saves as a workspace', async () => {
  const { context, page, errors } = await openPage(browser, server.url);
  // A goal from a template and a scenario (the Equity page fits the models on the way).
  await page.getByRole('link', { name: 'Goals' }).click();
  await page.getByTestId('goal-template-win-new-customers').click();
  await page.getByTestId('goal-form').waitFor();
  await page.getByTestId('goal-save').click();
  await page.getByTestId('goal-card-1').waitFor();
  await page.getByRole('link', { name: 'Equity' }).click();
  await page.getByTestId('equity-total').waitFor({ timeout: 60_000 });
  const equity = await text(page, 'equity-total');
  await page.getByTestId('scenario-name').fill('Loyalty programme');
  await page.getByTestId('scenario-save').click();
  await page.getByTestId('scenario-Loyalty programme').waitFor();
  await expectText(page.getByTestId('save-status'), 'Saved in this browser');

  await goToWorkspaces(page);
  await page.getByTestId('share-create').click();
  const link = await page.getByTestId('share-link').inputValue();
  assert.ok(link.startsWith(`${server.url}#share=v1.`), link.slice(0, 80));
  await expectText(page.getByTestId('share-length'), `${link.length.toLocaleString('en-US')} characters`);
  console.log(`share link of the demo with one goal and one scenario: ${link.length} characters`);
  assert.ok(link.length < 2000, `${link.length}`);
  // No customer id of the demo travels in it (ids look like K-00001).
  const fragment = decodeURIComponent(new URL(link).hash);
  assert.equal(/K-\d{5}/.test(fragment), false);
  await screenshot(page, 'share-card');
  await context.close();

  // A fresh profile: read-only view with the figures, goal chart and scenario.
  const freshContext = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 860 } });
  const freshErrors = [];
  watchContext(freshContext, freshErrors);
  const fresh = { context: freshContext, page: await freshContext.newPage(), errors: freshErrors };
  await fresh.page.goto(link);
  const banner = fresh.page.getByTestId('shared-banner');
  await banner.waitFor();
  assert.match(await banner.innerText(), /^Read-only\. These figures as of 2024-12-31 came with the link itself/);
  await expectText(fresh.page.getByTestId('shared-equity'), equity);
  await expectCount(fresh.page.getByTestId('shared-goal'), 1);
  assert.match(await text(fresh.page, 'shared-goal'), /^Win 500 new customers per quarter — /);
  await fresh.page.getByTestId('shared-goal-chart').locator('svg').first().waitFor();
  await fresh.page.getByTestId('shared-waterfall').locator('svg').first().waitFor();
  assert.match(await text(fresh.page, 'shared-scenarios'), /Loyalty programme/);
  assert.match(await text(fresh.page, 'shared-segments'), /Champions/);
  await screenshot(fresh.page, 'shared-view');
  // The reader's own workspace is untouched.
  assert.deepEqual((await storedWorkspaces(fresh.page)).map((m) => m.name), ['Demo']);

  // Tampered and cut links get a message, not a view.
  const body = link.slice(link.indexOf('#share=v1.') + '#share=v1.'.length);
  const swap = (c) => (c === 'A' ? 'B' : 'A');
  const tampered = link.slice(0, link.length - body.length) + body.slice(0, 40) + swap(body[40]) + body.slice(41);
  for (const bad of [tampered, link.slice(0, link.length - 25)]) {
    await fresh.page.goto(bad);
    await fresh.page.getByTestId('share-problem').waitFor();
    assert.match(await text(fresh.page, 'share-problem'), /^This share link cannot be opened: /);
  }
  await screenshot(fresh.page, 'share-problem');

  // Save as a new workspace: the goal and scenario, without any customer data.
  await fresh.page.goto(link);
  await fresh.page.getByTestId('shared-save').click();
  await expectText(fresh.page.getByTestId('current-workspace'), 'Shared view');
  await fresh.page.getByTestId('goal-card-1').waitFor();
  const stored = await storedWorkspaces(fresh.page);
  assert.deepEqual(stored.map((m) => [m.name, m.customers]).sort(), [['Demo', 3000], ['Shared view', 0]]);
  assert.deepEqual(errors, []);
  assert.deepEqual(fresh.errors, []);
  await fresh.context.close();
});
