// The page's Content-Security-Policy, shared by the hosted build (.ci/post-build.mjs)
// and the single-file build (.ci/single-file.mjs).

/** The policy for a page whose inline scripts have these SHA-256 hashes (base64). */
export function policy(scriptHashes) {
  return [
    "default-src 'self'",
    `script-src 'self' 'wasm-unsafe-eval' ${scriptHashes.map((h) => `'sha256-${h}'`).join(' ')}`.trim(),
    // Leptos and the charts set style attributes; no remote stylesheet is allowed.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    // The workers start from a small blob: script (src/ui/worker.rs).
    "worker-src 'self' blob:",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'none'",
  ].join('; ');
}

