// Builds the UI into build/web (or DAGBOARD_WEB_OUT): hashed bundles under assets/ and an
// index.html that names them. `node build.mjs --watch` rebuilds on every change.
import * as esbuild from 'esbuild';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.resolve(process.env.DAGBOARD_WEB_OUT ?? path.join(here, '../../build/web'));
const watch = process.argv.includes('--watch');

// index.html gets the entry's hashed script and stylesheet names from esbuild's metafile.
const writeIndex = {
  name: 'index-html',
  setup(build) {
    build.onEnd(async (result) => {
      if (result.errors.length || !result.metafile) return;
      const outputs = Object.entries(result.metafile.outputs);
      const entry = outputs.find(([, o]) => o.entryPoint === 'src/main.tsx');
      if (!entry) throw new Error('no output for src/main.tsx');
      const script = '/' + path.relative(out, entry[0]).split(path.sep).join('/');
      const css = entry[1].cssBundle ? '/' + path.relative(out, entry[1].cssBundle).split(path.sep).join('/') : null;
      const template = await readFile(path.join(here, 'index.html'), 'utf8');
      const html = template
        .replace('<!--styles-->', css ? `<link rel="stylesheet" href="${css}">` : '')
        .replace('<!--script-->', `<script type="module" src="${script}"></script>`);
      await writeFile(path.join(out, 'index.html'), html);
      if (watch) console.log(`web: rebuilt ${script}`);
    });
  },
};

const options = {
  absWorkingDir: here,
  entryPoints: ['src/main.tsx'],
  bundle: true,
  splitting: true,
  format: 'esm',
  target: 'es2022',
  minify: !watch,
  sourcemap: true,
  metafile: true,
  outdir: path.join(out, 'assets'),
  entryNames: '[name]-[hash]',
  chunkNames: 'chunks/[name]-[hash]',
  assetNames: '[name]-[hash]',
  define: { 'process.env.NODE_ENV': watch ? '"development"' : '"production"' },
  logLevel: 'warning',
  plugins: [writeIndex],
};

await rm(path.join(out, 'assets'), { recursive: true, force: true });
await mkdir(out, { recursive: true });
if (watch) {
  const context = await esbuild.context(options);
  await context.watch();
  console.log(`web: watching src/, writing ${out}`);
} else {
  const result = await esbuild.build(options);
  const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
  console.log(`web: built ${out} (${Math.round(bytes / 1024)} KB)`);
}
