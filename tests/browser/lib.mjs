// lib.mjs — shared by the browser tests: paths handed over by ctest, running
// the tfclock binary, starting the system Chromium headless, and a tiny
// assertion helper that counts checks.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export const BIN = need('TFCLOCK_BIN');
export const SRC = need('TFC_SOURCE_DIR');
export const OUT = need('TFC_BROWSER_OUT');
export const CORPUS = process.env.TFC_CORPUS_DIR || '';
export const CHROMIUM = process.env.TFC_CHROMIUM || '/usr/bin/chromium';
mkdirSync(OUT, { recursive: true });

function need(name) {
  const v = process.env[name];
  if (!v) {
    console.error(`${name} is not set (run through ctest)`);
    process.exit(2);
  }
  return v;
}

export const fixture = (name) => join(SRC, 'tests/golden/inputs', name);

/* Run `tfclock report ARGS`; returns stdout as a string. */
export function tfclock(args, env = {}) {
  return execFileSync(BIN, ['report', ...args], {
    env: { ...process.env, ...env },
    maxBuffer: 1 << 30,
    encoding: 'utf8',
  });
}

export async function browser() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
}

let passed = 0, failed = 0;
export function check(ok, what) {
  if (ok) {
    passed++;
  } else {
    failed++;
    console.error(`FAIL: ${what}`);
  }
}

/* The closing line ctest output shows; exit 1 on any failure. */
export function done() {
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}
