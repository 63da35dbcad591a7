// Parses every ```mermaid block of a Markdown document with Mermaid's own parser, the one a
// renderer (GitHub, mermaid-cli, mermaid.live) runs before it draws.
//
//   node scripts/mermaid-parse.mjs [DIR] < timeline.md
//
// DIR holds node_modules/mermaid (default target/mermaid-check, made by
// `npm install --prefix target/mermaid-check mermaid`; target/ is git-ignored). Prints
// "mermaid VERSION: N blocks parse" and exits 0, or names each block that does not parse, with
// the heading above it and the parser's message, and exits 1. Needs no network and no DOM:
// mermaid.parse runs in plain node.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const dir = resolve(process.argv[2] ?? 'target/mermaid-check');
const home = join(dir, 'node_modules', 'mermaid');
const pkg = JSON.parse(readFileSync(join(home, 'package.json'), 'utf8'));
const entry = pkg.exports?.['.']?.import ?? pkg.module;
const { default: mermaid } = await import(pathToFileURL(join(home, entry)).href);

// The blocks, each with the last heading before it.
const blocks = [];
let heading = '';
let open = null;
for (const line of readFileSync(0, 'utf8').split('\n')) {
  if (open === null && line.startsWith('#')) {
    heading = line;
  } else if (open === null && line === '```mermaid') {
    open = [];
  } else if (open !== null && line === '```') {
    blocks.push({ heading, text: open.join('\n') + '\n' });
    open = null;
  } else if (open !== null) {
    open.push(line);
  }
}
let failed = open !== null;
if (failed) {
  console.log(`a block after "${heading}" is not closed`);
}
for (const [i, block] of blocks.entries()) {
  try {
    await mermaid.parse(block.text);
  } catch (e) {
    failed = true;
    console.log(`block ${i + 1} (${block.heading}): ${e.message}`);
  }
}
console.log(`mermaid ${pkg.version}: ${blocks.length} blocks${failed ? '' : ' parse'}`);
process.exit(failed ? 1 : 0);
