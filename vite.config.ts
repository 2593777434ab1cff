// Builds the renderer (src-renderer -> dist/renderer). Relative base so the same bundle loads from
// Electron's app:// protocol and from the preview bridge's loopback server.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  root: 'src-renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
  },
});
