// The single-file build: one .html with everything inlined, which opens by
// double-click from file:// and works fully (the model worker included).
//
//   node .ci/single-file.mjs <release dist/> <out.html>     (or: bash .ci/single-file)
//
// From a release build of dist/:
// - the page's wasm-bindgen glue becomes the page's one module script (its
//   `export`s dropped; the exports the harness calls stay on window.wasmBindings);
// - both wasm files go in gzip-compressed and base64-encoded, unpacked with the
//   browser's DecompressionStream (no fetch: a page from file:// may not fetch);
// - the worker's glue and wasm become one script in window.kundenwertInlineWorker,
//   which src/ui/worker.rs starts from a blob: URL;
// - the stylesheet and the favicon are inlined; the manifest, the service worker
//   and the preload links are left out (file:// has none of them);
// - the Content-Security-Policy is written again for the new inline script.
import { createHash } from 'node:crypto';
import { readFile, writeFile, readdir, mkdir } from 'node:fs/promises';
import { join, dirname } from 'node:path';
import { gzipSync } from 'node:zlib';
import { policy } from './csp.mjs';

const [dist, out] = process.argv.slice(2);
if (!dist || !out) {
  console.error('usage: node .ci/single-file.mjs <dist> <out.html>');
  process.exit(2);
}

const names = await readdir(dist);
const one = (pattern) => {
  const found = names.filter((n) => pattern.test(n));
  if (found.length !== 1) throw new Error(`expected one file matching ${pattern} in ${dist}, found ${found.join(', ') || 'none'}`);
  return found[0];
};
const read = (name, encoding) => readFile(join(dist, name), encoding);
const packed = async (name) => gzipSync(await read(name), { level: 9 }).toString('base64');

// The page glue (web target) as a classic part of one module script.
const pageGlueName = one(/^kundenwert-web-[0-9a-f]+\.js$/);
let glue = await read(pageGlueName, 'utf8');
if (/^\s*import\s/m.test(glue)) throw new Error(`${pageGlueName} imports other files; inline them first`);
const exported = [];
glue = glue
  .replace(/^export function (\w+)/gm, (_, name) => (exported.push(name), `function ${name}`))
  .replace(/^export class (\w+)/gm, (_, name) => (exported.push(name), `class ${name}`))
  .replace(/^export (const|let) (\w+)/gm, (_, kind, name) => (exported.push(name), `${kind} ${name}`))
  .replace(/^export \{[^}]*\};?\s*$/gm, '')
  .replace(/^export default \w+;?\s*$/gm, '');
if (/^export\b/m.test(glue)) throw new Error(`${pageGlueName} has an export this script does not know`);

const unpack = `async function kundenwertUnpack(base64) {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer();
}`;

const workerScript = `${await read('kundenwert-worker.js', 'utf8')}
${unpack}
kundenwertUnpack(${JSON.stringify(await packed('kundenwert-worker_bg.wasm'))}).then((module) => wasm_bindgen({ module_or_path: module }));
`;

const pageScript = `${glue}
${unpack}
window.kundenwertInlineWorker = ${JSON.stringify(workerScript)};
const instance = await __wbg_init({ module_or_path: await kundenwertUnpack(${JSON.stringify(await packed(one(/^kundenwert-web-[0-9a-f]+_bg\.wasm$/)))}) });
window.wasmBindings = { ${exported.join(', ')} };
dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm: instance } }));
`.replace(/<\/(script)/gi, '<\\/$1');

let html = await read('index.html', 'utf8');
const css = (await read(one(/^style-[0-9a-f]+\.css$/), 'utf8')).replace(/<\/(style)/gi, '<\\/$1');
const favicon = `data:image/svg+xml;base64,${(await read(one(/^favicon-[0-9a-f]+\.svg$/))).toString('base64')}`;
html = html
  .replace(/<meta http-equiv="Content-Security-Policy"[^>]*>\s*/, '')
  .replace(/<link[^>]*\brel="(?:modulepreload|preload|manifest|apple-touch-icon)"[^>]*>\s*/g, '')
  .replace(/<link[^>]*\brel="stylesheet"[^>]*>/, () => `<style>\n${css}</style>`)
  .replace(/<link[^>]*\brel="icon"[^>]*>/, () => `<link rel="icon" type="image/svg+xml" href="${favicon}">`)
  .replace(/<script type="module"[^>]*>[\s\S]*?<\/script>/, () => `<script type="module">${pageScript}</script>`);
if (/<script[^>]*\bsrc=/.test(html) || /href="\.\//.test(html)) {
  throw new Error('the single file still refers to another file');
}
const hash = createHash('sha256').update(pageScript).digest('base64');
html = html.replace(/<head>\s*/, (head) => `${head}<meta http-equiv="Content-Security-Policy" content="${policy([hash])}">\n    `);

await mkdir(dirname(out), { recursive: true });
await writeFile(out, html);
console.log(`${out}: ${Math.round(Buffer.byteLength(html) / 1024).toLocaleString('en')} KB`);
