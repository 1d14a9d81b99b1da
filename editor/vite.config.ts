import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";
import { shellAndCompression } from "./vite-plugins.ts";

// In development the sync server runs on :8080; the app talks to it through this proxy so that
// the session cookie and the WebSocket share the page's origin, exactly as in production.
const server = "http://127.0.0.1:8080";

export default defineConfig({
  plugins: [react(), shellAndCompression()],
  server: {
    proxy: {
      "/api": { target: server, changeOrigin: false },
      "/collab": { target: server, ws: true, changeOrigin: false },
    },
  },
  // Source maps stay beside the build for whoever runs the server; the server never serves them.
  build: { sourcemap: "hidden", chunkSizeWarningLimit: 1500 },
});
