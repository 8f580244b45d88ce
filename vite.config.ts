import react from '@vitejs/plugin-react';
import postcssPresetMantine from 'postcss-preset-mantine';
import { defineConfig, type Plugin } from 'vite';

/**
 * The dev server's React Refresh preamble is an inline script, which the page's strict CSP forbids;
 * loosen script-src for `vite dev` only. Built files keep the CSP exactly as written in index.html.
 */
function relaxCspForDevServer(): Plugin {
  return {
    name: 'opsflow-relax-csp-for-dev',
    apply: 'serve',
    transformIndexHtml(html) {
      return html.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'");
    },
  };
}

// The UI is built into dist/renderer; Electron loads it from file:// and the browser mode serves it.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react(), relaxCspForDevServer()],
  css: {
    postcss: { plugins: [postcssPresetMantine()] },
  },
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      output: {
        // The password check's dictionaries, loaded only when a password field appears (see
        // renderer/auth/password-check.ts): one chunk per language list keeps each under the limit.
        codeSplitting: {
          groups: [
            { name: 'password-words-en', test: /@zxcvbn-ts[\\/]language-en/ },
            { name: 'password-words-common', test: /@zxcvbn-ts[\\/]language-common/ },
          ],
        },
      },
    },
  },
  server: {
    host: '127.0.0.1',
    // `OPSFLOW_ENGINE=http://127.0.0.1:PORT npx vite` forwards the contract socket to a running engine.
    proxy: process.env.OPSFLOW_ENGINE ? { '/rpc': { target: process.env.OPSFLOW_ENGINE, ws: true } } : undefined,
  },
});
