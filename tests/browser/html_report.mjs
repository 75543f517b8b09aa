// html_report.mjs — the HTML report in headless Chromium: it draws one bar
// per operation, raises no console error and makes no request, keeps hostile
// for_each keys as text, shows a tooltip, sorts and filters its table; a
// screenshot of each page is saved for people to look at.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BIN, CORPUS, OUT, SRC, browser, check, done, fixture, tfclock } from './lib.mjs';

const cases = [
  ['timed_apply', fixture('timed_apply.log')],
  ['untimed_apply', fixture('untimed_apply.log')],
  ['hostile', fixture('hostile.log')],
  ['sample_deploy', join(SRC, 'fixtures/sample-deploy-failed')], /* eight stages */
  ['helm', join(SRC, 'fixtures/cases/mixed-helm-overlap/input.log')], /* Helm phases */
];
if (CORPUS && existsSync(join(CORPUS, 'tf-profile/argo.log')))
  cases.push(['argo', join(CORPUS, 'tf-profile/argo.log')]);
else
  check(false, 'the shared corpus (tf-profile/argo.log) is missing');

const b = await browser();
for (const [name, input] of cases) {
  const file = join(OUT, `${name}.html`);
  tfclock(['--format', 'html', '--output', file, input]);
  const page = await b.newPage({ viewport: { width: 1400, height: 900 } });
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('dialog', (d) => { problems.push(`dialog: ${d.message()}`); d.dismiss(); });
  page.on('request', (r) => { if (!r.url().startsWith('file:')) problems.push(`request: ${r.url()}`); });
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector('html[data-rendered="true"]', { timeout: 30000 });

  const facts = await page.evaluate(() => {
    const data = JSON.parse(document.getElementById('tfclock-data').textContent);
    const ops = data.stages.reduce((n, s) => n + s.ops.length, 0);
    const labels = [...document.querySelectorAll('.gantt .row .label')].map((l) => l.textContent);
    const addresses = data.stages.flatMap((s) => s.ops.map((o) => o[0]));
    return {
      ops,
      bars: document.querySelectorAll('.gantt .bar').length,
      failedBars: document.querySelectorAll('.gantt .bar.failed').length,
      failed: data.stages.reduce((n, s) => n + s.failed, 0),
      unfinishedBars: document.querySelectorAll('.gantt .bar.unfinished').length,
      unfinished: data.stages.reduce((n, s) => n + s.unfinished, 0),
      labelsMatch: labels.length === addresses.length && addresses.every((a) => labels.includes(a)),
      imgs: document.querySelectorAll('img').length,
      scripts: document.querySelectorAll('script').length,
      conc: document.querySelectorAll('.conc svg path').length,
      stages: data.stages.filter((s) => s.ops.length > 0).length,
      rollupTables: document.querySelectorAll('.rollups table').length,
      helmOps: data.stages.reduce((n, s) => n + s.ops.filter((o) => o[data.op_fields.indexOf('helm')]).length, 0),
      helmRows: [...document.querySelectorAll('h3')].filter((h) => h.textContent === 'Helm releases')
        .reduce((n, h) => n + h.nextElementSibling.querySelectorAll('tbody tr').length, 0),
    };
  });
  check(facts.ops > 0, `${name}: has operations`);
  check(facts.bars === facts.ops, `${name}: one bar per operation (${facts.bars} bars, ${facts.ops} operations)`);
  check(facts.failedBars === facts.failed, `${name}: failed operations marked (${facts.failedBars}/${facts.failed})`);
  check(facts.unfinishedBars === facts.unfinished, `${name}: unfinished operations marked`);
  check(facts.labelsMatch, `${name}: every label is its address as text`);
  check(facts.imgs === 0, `${name}: no <img> made from a log string`);
  check(facts.scripts === 2, `${name}: only the report's own two scripts`);
  check(facts.conc === facts.stages, `${name}: a concurrency graph per stage with operations`);
  check(facts.rollupTables >= 3, `${name}: roll-up tables`);
  check(facts.helmRows === facts.helmOps, `${name}: a Helm table row per release (${facts.helmRows}/${facts.helmOps})`);
  if (name === 'helm') check(facts.helmOps === 2, 'helm: two releases with phases');

  // hover: the tooltip names the operation
  const bar = page.locator('.gantt .bar').first();
  await bar.hover();
  const tip = await page.evaluate(() => {
    const t = document.getElementById('tip');
    return { shown: getComputedStyle(t).display !== 'none', text: t.textContent };
  });
  check(tip.shown && tip.text.includes('duration'), `${name}: hovering a bar shows its details`);

  // the table of the last stage sorts and filters
  const sec = page.locator('section').last();
  const column = () => sec.evaluate((el) => {
    const t = [...el.querySelectorAll('table.data')].pop();
    return [...t.querySelectorAll('tbody tr td:nth-child(2)')].map((td) => td.textContent);
  });
  await sec.locator('table.data').last().locator('th', { hasText: 'Operation' }).click();
  const sorted = await column();
  const copy = [...sorted].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  check(sorted.length > 0 && JSON.stringify(sorted) === JSON.stringify(copy), `${name}: sorting by operation`);
  const search = sec.locator('.filters input[type=search]');
  const target = name === 'hostile' ? '<script>' : sorted[sorted.length - 1];
  await search.fill(target);
  const filtered = await column();
  check(filtered.length > 0 && filtered.length < sorted.length + 1 &&
    filtered.every((a) => a.toLowerCase().includes(target.toLowerCase())), `${name}: filter "${target}"`);
  if (name === 'hostile') check(filtered.length === 1, `${name}: filter finds the one <script> key`);
  await search.fill('');

  await page.mouse.move(0, 0);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: name !== 'argo' });
  check(problems.length === 0, `${name}: no console errors, dialogs or requests: ${problems.join('; ')}`);
  await page.close();
}
await b.close();
console.log(`screenshots in ${OUT}; binary ${BIN}`);
done();
