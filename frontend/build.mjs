// Bundles the entry points into the jar's static resources (target/classes/static/js), minified with source maps:
// postern.js for every page, console.js (xterm.js) and player.js (asciinema-player) for the pages that need them.
// The stylesheets those two libraries ship are bundled into static/css beside the hand-written ones.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const out = process.env.POSTERN_FRONTEND_OUT ?? resolve(here, '../target/classes/static/js');
const cssOut = process.env.POSTERN_FRONTEND_CSS_OUT ?? resolve(out, '../css');

await build({
  entryPoints: [
    { in: resolve(here, 'src/postern.js'), out: 'postern' },
    { in: resolve(here, 'src/console/console.js'), out: 'console' },
    { in: resolve(here, 'src/console/player.js'), out: 'player' },
  ],
  bundle: true,
  format: 'esm',
  target: ['es2022'],
  minify: true,
  sourcemap: true,
  outdir: out,
  logLevel: 'warning',
});

await build({
  entryPoints: [
    { in: resolve(here, 'node_modules/@xterm/xterm/css/xterm.css'), out: 'xterm' },
    { in: resolve(here, 'node_modules/asciinema-player/dist/bundle/asciinema-player.css'), out: 'asciinema-player' },
  ],
  bundle: true,
  minify: true,
  outdir: cssOut,
  logLevel: 'warning',
});
