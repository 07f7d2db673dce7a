// End to end: installable and offline. The web app manifest and its icons, the
// Content-Security-Policy, and the service worker: after one visit the app opens
// and fits with the server stopped and the network cut, and a new deployment is
// offered as an update, never mixed into the open page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, readdir, readFile, writeFile, mkdtemp } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, relative, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withBrowser, browser, server, serveDist, watchContext, openPage, screenshot, DIST } from './harness.mjs';

withBrowser();

const here = dirname(fileURLToPath(import.meta.url));

async function filesOf(dir, at = dir) {
  const out = [];
  for (const entry of await readdir(at, { withFileTypes: true })) {
    const path = join(at, entry.name);
    if (entry.isDirectory()) out.push(...(await filesOf(dir, path)));
    else out.push(relative(dir, path));
  }
  return out.sort();
}

/** A context whose errors and off-origin requests are recorded, for `origin`. */
async function recordedContext(origin) {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 860 } });
  const errors = [];
  watchContext(context, errors, origin);
  return { context, errors };
}

/** Opens `url` and waits until the service worker controls the page. */
async function openControlled(context, url) {
  const page = await context.newPage();
  await page.goto(url);
  await page.getByTestId('stat-customers').waitFor();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
  return page;
}

/** The pathnames in the app's cache(s), by cache name. */
function cachedFiles(page) {
  return page.evaluate(async () => {
    const out = {};
    for (const key of await caches.keys()) {
      const cache = await caches.open(key);
      out[key] = (await cache.keys()).map((r) => new URL(r.url).pathname).sort();
    }
    return out;
  });
}

test('the manifest names the app, its colours and icons of 192, 512 and maskable 512 pixels', async () => {
  const { context, page, errors } = await openPage(browser, server.url);
  const href = await page.locator('link[rel=manifest]').getAttribute('href');
  const manifestUrl = new URL(href, page.url()).href;
  const manifest = await page.evaluate((url) => fetch(url).then((r) => r.json()), manifestUrl);
  assert.equal(manifest.short_name, 'Kundenwert');
  assert.equal(manifest.start_url, './');
  assert.equal(manifest.scope, './');
  assert.equal(manifest.display, 'standalone');
  assert.equal(manifest.theme_color, '#0f4c5c');
  assert.match(manifest.background_color, /^#[0-9a-f]{6}$/);
  const icons = manifest.icons.map((i) => `${i.sizes} ${i.purpose}`);
  assert.deepEqual(icons, ['192x192 any', '512x512 any', '512x512 maskable']);
  for (const icon of manifest.icons) {
    const size = await page.evaluate(async (url) => {
      const image = new Image();
      image.src = url;
      await image.decode();
      return `${image.naturalWidth}x${image.naturalHeight}`;
    }, new URL(icon.src, manifestUrl).href);
    assert.equal(size, icon.sizes, icon.src);
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('the Content-Security-Policy forbids connections to other origins, and the browser enforces it', async () => {
  const { context, page, errors } = await openPage(browser, server.url);
  const csp = await page.locator('meta[http-equiv=Content-Security-Policy]').getAttribute('content');
  const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
  assert.deepEqual(directives['connect-src'], ["'self'"]);
  assert.deepEqual(directives['default-src'], ["'self'"]);
  assert.deepEqual(directives['font-src'], ["'self'"]);
  assert.ok(!directives['script-src'].some((s) => /^https?:|^\*$|unsafe-inline|'unsafe-eval'/.test(s)), csp);
  assert.ok(!directives['style-src'].some((s) => /^https?:|^\*$/.test(s)), csp);
  // The page's own code runs under it (the demo is on screen, the worker fits) ...
  await page.getByRole('link', { name: 'Models & CLV' }).click();
  await page.getByTestId('total-clv').waitFor({ timeout: 60_000 });
  assert.equal(await page.getByTestId('fit-status').getAttribute('data-engine'), 'worker');
  // ... and a connection elsewhere is refused by the browser itself.
  const refused = await page.evaluate(async () => {
    const violations = [];
    document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective));
    try {
      await fetch('http://127.0.0.2:9/collect', { method: 'POST', body: 'x' });
      return 'sent';
    } catch {
      await new Promise((r) => setTimeout(r, 50));
      return violations.join(',');
    }
  });
  assert.equal(refused, 'connect-src');
  // The refusal is logged as a console error; that is the only one.
  assert.ok(errors.every((e) => /Content Security Policy|Failed to fetch/.test(e)), errors.join('\n'));
  await context.close();
});

test('after one visit the app opens and fits the models with the server stopped and the network cut', async () => {
  const own = await serveDist();
  const { context, errors } = await recordedContext(own.origin);
  const page = await openControlled(context, own.url);
  // Every file of the build is in one cache named after the build.
  const expected = (await filesOf(DIST)).filter((f) => f !== 'sw.js').map((f) => new URL(f, own.url).pathname);
  const caches = await cachedFiles(page);
  assert.deepEqual(Object.keys(caches).length, 1);
  assert.match(Object.keys(caches)[0], /^kundenwert-[0-9a-f]{16}$/);
  assert.deepEqual(Object.values(caches)[0], expected.sort());

  await own.close();
  await context.setOffline(true);
  const offline = await context.newPage();
  await offline.goto(`${own.url}?from=home-screen#/data`);
  await offline.getByTestId('stat-customers').waitFor();
  await offline.getByRole('link', { name: 'Models & CLV' }).click();
  await offline.getByTestId('total-clv').waitFor({ timeout: 60_000 });
  assert.equal(await offline.getByTestId('fit-status').getAttribute('data-engine'), 'worker');
  await screenshot(offline, 'offline-models');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a new deployment is offered as an update; the open page keeps its own build until it reloads', async () => {
  // The next deployment: the same build with a changed page, finished again by the build hook.
  const next = await mkdtemp(join(tmpdir(), 'kundenwert-next-'));
  await cp(DIST, next, { recursive: true });
  const index = join(next, 'index.html');
  await writeFile(index, (await readFile(index, 'utf8')).replace('<title>', '<meta name="kundenwert-build" content="next" />\n    <title>'));
  execFileSync('node', [join(here, '..', '..', '.ci', 'post-build.mjs'), next]);
  const sw = (dir) => readFile(join(dir, 'sw.js'), 'utf8').then((s) => s.match(/const BUILD = "([0-9a-f]+)"/)[1]);
  const [oldBuild, newBuild] = [await sw(DIST), await sw(next)];
  assert.notEqual(oldBuild, newBuild);

  const own = await serveDist();
  const { context, errors } = await recordedContext(own.origin);
  const page = await openControlled(context, own.url);
  assert.equal(await page.getByTestId('update-available').count(), 0, 'the first install is no update');

  own.serve(next);
  await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r.update()));
  const notice = page.getByTestId('update-available');
  await notice.waitFor({ timeout: 30_000 });
  assert.match(await notice.innerText(), /A new version of Kundenwert is ready/);
  await screenshot(page, 'update-available');
  // Meanwhile the open page still gets its own build's files, the worker included.
  await page.getByRole('link', { name: 'Models & CLV' }).click();
  await page.getByTestId('total-clv').waitFor({ timeout: 60_000 });
  // Which build a page was loaded from.
  const marker = (p) => p.evaluate(() => document.querySelector('meta[name=kundenwert-build]') !== null);
  assert.equal(await marker(page), false);
  // A second tab opened now gets the old build too (the new worker waits).
  const second = await openControlled(context, own.url);
  assert.equal(await marker(second), false);
  await second.close();

  await Promise.all([page.waitForEvent('load'), page.getByTestId('update-reload').click()]);
  await page.getByTestId('total-clv').waitFor({ timeout: 60_000 });
  assert.equal(await marker(page), true);
  assert.deepEqual(Object.keys(await cachedFiles(page)), [`kundenwert-${newBuild}`]);
  assert.equal(await page.getByTestId('update-available').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
  await own.close();
});
