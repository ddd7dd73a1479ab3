import { fileURLToPath } from 'node:url';

import { defineConfig, type Plugin } from 'vite';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/**
 * GraphiQL's logo links to its GitHub page and its shortcut dialog to VS Code's site: on a network
 * cut off from the internet those are dead links, and no page may point elsewhere. Their hrefs go
 * (the text stays); the build fails when a GraphiQL upgrade moves them, so none slips back in.
 */
function noExternalLinks(): Plugin {
  const modules = /graphiql[\\/]dist[\\/]ui[\\/](logo|short-keys)\.js$/;
  return {
    name: 'power-catalog:no-external-links',
    transform(code, id) {
      if (!modules.test(id)) return null;
      const out = code.replace(
        /href: "https?:\/\/[^"]*", target: "_blank", rel: "noreferrer", /g,
        '',
      );
      if (out === code || /https?:\/\//.test(out))
        this.error(`GraphiQL's external links in ${id} are not where this plugin expects them`);
      return { code: out, map: null };
    },
  };
}

/**
 * The console (/) and the GraphQL explorer (/explorer), built into dist/web and served by the
 * service itself: everything a page loads is in the bundle, nothing from another host.
 */
export default defineConfig({
  root: here('.'),
  base: '/',
  publicDir: false,
  plugins: [noExternalLinks()],
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: here('../dist/web'),
    emptyOutDir: true,
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 4096,
    rollupOptions: {
      input: { console: here('index.html'), explorer: here('explorer/index.html') },
      // "use client" in GraphiQL's UI libraries means nothing outside React Server Components
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  server: { proxy: { '/graphql': 'http://127.0.0.1:4000', '/export': 'http://127.0.0.1:4000' } },
});
