// Trunk's post_build hook (see Trunk.toml): finishes the build in Trunk's staging
// directory before it becomes dist/.
//
// 1. index.html gets a Content-Security-Policy <meta> as the first element of its
//    <head>: no connection to another origin, no remote script, style or font; the
//    inline start-up script Trunk writes is allowed by its SHA-256 hash.
// 2. sw.js, the service worker (template: src/ui/service_worker.js), lists every
//    file of the build and is named after a hash of all of them, so a new build is
//    a new worker and a new cache.
//
// Run again on a finished build, it replaces both (the end-to-end tests use this
// to make "the next deployment"):  node .ci/post-build.mjs <dir>
import { createHash } from 'node:crypto';
import { readFile, writeFile, readdir } from 'node:fs/promises';
import { join, relative, sep, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { policy } from './csp.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('post-build: give the build directory (or run as a Trunk hook)');
  process.exit(2);
}

const sha256 = (data, encoding) => createHash('sha256').update(data).digest(encoding);

const CSP_META = /<meta http-equiv="Content-Security-Policy"[^>]*>\s*/;

async function writePolicy() {
  const file = join(dir, 'index.html');
  let html = (await readFile(file, 'utf8')).replace(CSP_META, '');
  const hashes = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => sha256(m[1], 'base64'));
  const meta = `<meta http-equiv="Content-Security-Policy" content="${policy(hashes)}">`;
  html = html.replace(/<head>\s*/, (head) => `${head}${meta}\n    `);
  await writeFile(file, html);
}

async function files(root, at = root) {
  const out = [];
  for (const entry of await readdir(at, { withFileTypes: true })) {
    const path = join(at, entry.name);
    if (entry.isDirectory()) out.push(...(await files(root, path)));
    else out.push(relative(root, path).split(sep).join('/'));
  }
  return out;
}

async function writeServiceWorker() {
  const list = (await files(dir)).filter((f) => f !== 'sw.js').sort();
  const build = createHash('sha256');
  for (const file of list) build.update(`${file}\0${sha256(await readFile(join(dir, file)), 'hex')}\n`);
  const template = await readFile(join(here, '..', 'src', 'ui', 'service_worker.js'), 'utf8');
  const sw = template
    .replace("'__KUNDENWERT_BUILD__'", JSON.stringify(build.digest('hex').slice(0, 16)))
    .replace('__KUNDENWERT_FILES__', JSON.stringify(list));
  await writeFile(join(dir, 'sw.js'), sw);
}

await writePolicy();
await writeServiceWorker();
