// markdown_mermaid.mjs — the job-summary markdown rendered as GitHub would:
// GFM by marked, then every ```mermaid block by mermaid in Chromium. Each
// gantt must render without a mermaid error and draw one bar per task line;
// the markdown of a 2,000-operation log stays under 1 MiB with every block
// under 50,000 characters. A screenshot of each rendering is saved.
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CORPUS, OUT, SRC, browser, check, done, fixture, tfclock } from './lib.mjs';

// Browser bundles, loaded into the page as they are shipped.
const MODULES = join(dirname(fileURLToPath(import.meta.url)), 'node_modules');
const MARKED = join(MODULES, 'marked/lib/marked.umd.js');
const MERMAID = join(MODULES, 'mermaid/dist/mermaid.min.js');

// A log of n operations with long for_each keys, a fifth of them failing.
function bigLog(n) {
  const lines = [];
  const addr = (i) => `module.m${i % 7}.aws_thing.t["key-${i}-${String(i).padStart(500, '0')}"]`;
  for (let i = 0; i < n; i++) lines.push(`${addr(i)}: Creating...`);
  for (let i = 0; i < n; i++)
    if (i % 5 !== 4) lines.push(`${addr(i)}: Creation complete after ${i % 13}m${i % 60}s [id=${i}]`);
  for (let i = 4; i < n; i += 5)
    lines.push('', `Error: creating thing ${i}: ${'x'.repeat(300)}`, '', `  with ${addr(i)},`, '  on main.tf line 1:', '');
  return lines.join('\n') + '\n';
}

const big = join(OUT, 'big2000.log');
writeFileSync(big, bigLog(2000));
const cases = [
  ['timed_apply', fixture('timed_apply.log'), []],
  ['untimed_apply', fixture('untimed_apply.log'), []],
  ['hostile', fixture('hostile.log'), []],
  ['big2000', big, ['--top', '2000']],
  ['sample_deploy', join(SRC, 'fixtures/sample-deploy-failed'), []],
];
for (const f of ['tf-profile/argo.log', 'tf-profile/many_modules.log'])
  if (CORPUS && existsSync(join(CORPUS, f))) cases.push([f.replace(/.*\//, '').replace('.log', ''), join(CORPUS, f), ['--top', '50']]);
  else check(false, `the shared corpus (${f}) is missing`);

const b = await browser();
for (const [name, input, extra] of cases) {
  const md = tfclock(['--format', 'markdown', ...extra, input]);
  writeFileSync(join(OUT, `${name}.md`), md);
  const bytes = Buffer.byteLength(md);
  check(bytes < 1 << 20, `${name}: markdown under 1 MiB (${bytes} bytes)`);
  const blocks = [...md.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1]);
  check(blocks.length > 0, `${name}: has mermaid blocks`);
  for (const bl of blocks) check(bl.length < 50000, `${name}: mermaid block under 50,000 characters (${bl.length})`);
  if (name === 'big2000') console.log(`big2000: ${bytes} bytes of markdown, ${blocks.length} mermaid block(s)`);

  const page = await b.newPage({ viewport: { width: 1200, height: 900 } });
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('dialog', (d) => { problems.push(`dialog: ${d.message()}`); d.dismiss(); });
  await page.setContent('<!DOCTYPE html><html><head><meta charset="utf-8"></head><body><article id="c"></article></body></html>');
  await page.addScriptTag({ path: MARKED });
  await page.addScriptTag({ path: MERMAID });
  const result = await page.evaluate(async (text) => {
    const c = document.getElementById('c');
    c.innerHTML = window.marked.parse(text, { gfm: true });
    window.mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });
    const out = { blocks: 0, rendered: 0, errors: [], bars: [], tasks: [], tables: c.querySelectorAll('table').length,
      details: c.querySelectorAll('details').length, scripts: c.querySelectorAll('script, img').length };
    const codes = [...c.querySelectorAll('code.language-mermaid')];
    for (let i = 0; i < codes.length; i++) {
      const src = codes[i].textContent;
      out.blocks++;
      out.tasks.push(src.split('\n').filter((l) => /^ {4}\S.* :/.test(l) && !/^ {4}(section|dateFormat|axisFormat|todayMarker)/.test(l)).length);
      try {
        await window.mermaid.parse(src);
        const { svg } = await window.mermaid.render(`g${i}`, src);
        if (/Syntax error in text/i.test(svg)) throw new Error('mermaid drew an error');
        const holder = document.createElement('div');
        holder.innerHTML = svg;
        codes[i].parentElement.replaceWith(holder);
        out.bars.push(holder.querySelectorAll('rect.task').length);
        out.rendered++;
      } catch (e) {
        out.errors.push(String(e && e.message ? e.message : e).slice(0, 300));
        out.bars.push(-1);
      }
    }
    return out;
  }, md);
  check(result.blocks === blocks.length, `${name}: GFM kept every mermaid block (${result.blocks}/${blocks.length})`);
  check(result.errors.length === 0, `${name}: every gantt renders: ${result.errors.join(' | ')}`);
  check(result.rendered === blocks.length, `${name}: rendered ${result.rendered}/${blocks.length}`);
  for (let i = 0; i < result.bars.length; i++)
    check(result.bars[i] === result.tasks[i], `${name}: block ${i} draws ${result.tasks[i]} bars (got ${result.bars[i]})`);
  check(result.tables >= 2, `${name}: tables rendered (${result.tables})`);
  check(result.scripts === 0, `${name}: no script or img elements from log strings`);
  check(problems.length === 0, `${name}: no page errors: ${problems.join('; ')}`);
  await page.screenshot({ path: join(OUT, `${name}.md.png`), fullPage: name === 'timed_apply' || name === 'hostile' });
  await page.close();
}
await b.close();
done();
