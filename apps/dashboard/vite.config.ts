import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `npm run dev` (root) serves this app on http://127.0.0.1:5173 and forwards API calls to a Herald
// started with `npm start` on :8080, so the browser sees one origin as in production.
const api = process.env.HERALD_API_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
  server: {
    host: '127.0.0.1',
    port: 5173,
    // the Host header is kept, so links the server builds from it (portal links) open this dev server
    proxy: Object.fromEntries(
      ['/v1', '/openapi.json', '/docs'].map((p) => [p, { target: api, changeOrigin: false }]),
    ),
  },
});
