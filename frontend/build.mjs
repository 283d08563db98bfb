// Bundles src/*.js entry points into the jar's static resources (target/classes/static/js), minified with source maps.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const out = process.env.POSTERN_FRONTEND_OUT ?? resolve(here, '../target/classes/static/js');

await build({
  entryPoints: [resolve(here, 'src/postern.js')],
  bundle: true,
  format: 'esm',
  target: ['es2022'],
  minify: true,
  sourcemap: true,
  outdir: out,
  logLevel: 'warning',
});
