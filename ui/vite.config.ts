import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// In development the UI talks to a browser-mode workstation (okno-browser) on loopback;
// OKNO_API overrides where it listens.
const api = process.env.OKNO_API ?? 'http://127.0.0.1:7878';

export default defineConfig({
  plugins: [react()],
  // Relative asset paths: the same build is served by okno-browser and loaded by Tauri.
  base: './',
  server: {
    port: 5173,
    strictPort: true,
    proxy: { '/api': api },
  },
  build: {
    outDir: 'dist',
    target: 'es2022',
    sourcemap: true,
    // One bundle loaded from disk (Tauri) or loopback (browser mode); no network to save.
    chunkSizeWarningLimit: 1400,
  },
});
