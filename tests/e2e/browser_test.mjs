// A learner's session in a real browser: headless Chromium (Debian's
// /usr/bin/chromium, driven by playwright-core) opens a chapter in
// JupyterLab, runs all cells from the Run menu, waits for the kernel to
// finish and checks what the learner would see:
//   - every code cell ran (each has an execution count);
//   - at least one image output (the chapter's figure) is rendered and loaded;
//   - no stderr output shows "panic:", "exit status" or a failed "✗" check;
//   - the saved notebook, read back through the REST API, has no error output.
// A screenshot with the first figure in view goes to the screenshot directory.
//
// Usage: node browser_test.mjs --url http://127.0.0.1:8888 --token TOKEN \
//          --notebook 03-attention.ipynb [--screenshot-dir DIR] [--timeout SECONDS]
// (JupyterLab serves notebooks/ as its root, so --notebook is relative to it.)
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values: opt } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://127.0.0.1:8888' },
    token: { type: 'string', default: process.env.JUPYTER_TOKEN || '' },
    notebook: { type: 'string' },
    'screenshot-dir': { type: 'string', default: '.screenshots' },
    timeout: { type: 'string', default: '600' },
    chromium: { type: 'string', default: process.env.CHROMIUM || '/usr/bin/chromium' },
  },
});
if (!opt.notebook || !opt.token) {
  console.error('usage: node browser_test.mjs --url URL --token TOKEN --notebook NAME.ipynb');
  process.exit(2);
}
const base = opt.url.replace(/\/$/, '');
const nbPath = opt.notebook.split('/').map(encodeURIComponent).join('/');
const timeoutMs = Number(opt.timeout) * 1000;
const t0 = Date.now();
const secs = () => ((Date.now() - t0) / 1000).toFixed(1);
const log = (m) => console.log(`browser: [${secs()} s] ${m}`);
const failures = [];

// This machine's network is closed: no first-run, sync, component update or
// QUIC, and a fresh profile every time.
const profile = mkdtempSync(join(tmpdir(), 'e2e-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: opt.chromium,
  headless: true,
  viewport: { width: 1400, height: 1000 },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
let status = 1;
try {
  const page = context.pages()[0] || (await context.newPage());
  page.setDefaultTimeout(60_000);
  page.on('pageerror', (e) => log(`page error: ${e.message}`));
  let kernelReplied = false;
  page.on('websocket', (ws) => {
    if (!/\/api\/kernels\/[^/]+\/channels/.test(ws.url())) return;
    ws.on('framereceived', (f) => {
      const text = typeof f.payload === 'string' ? f.payload : f.payload.toString('latin1');
      if (text.includes('"kernel_info_reply"')) kernelReplied = true;
    });
  });

  // The notebook's code cells, from the server: the page may attach cells lazily.
  const api = (path, init = {}) => fetch(`${base}/api/${path}`, {
    ...init, headers: { Authorization: `token ${opt.token}`, ...(init.headers || {}) },
  });
  const before = await api(`contents/${nbPath}?content=1`);
  if (!before.ok) throw new Error(`GET /api/contents/${opt.notebook}: HTTP ${before.status}`);
  const codeCells = (await before.json()).content.cells.filter((c) => c.cell_type === 'code').length;

  log(`opening ${opt.notebook} (${codeCells} code cells)`);
  await page.goto(`${base}/lab/tree/${nbPath}?token=${encodeURIComponent(opt.token)}`);
  await page.waitForFunction((n) => document.querySelectorAll('.jp-NotebookPanel .jp-CodeCell').length >= n,
    codeCells, { timeout: 60_000 });
  // The kernel is connected when the page's kernel websocket has carried
  // a kernel_info_reply. (The status bar may still read "Unknown": GoNB does
  // not answer history_request, and JupyterLab ignores the status messages
  // of kernel_info requests.) Should JupyterLab ask which kernel to use,
  // accept its proposal, the notebook's own kernel.
  const deadline = Date.now() + 120_000;
  while (!kernelReplied) {
    const dialog = page.locator('.jp-Dialog .jp-mod-accept');
    if (await dialog.count()) { log('kernel dialog: accepting the proposed kernel'); await dialog.first().click(); }
    if (Date.now() > deadline) {
      const bar = await page.locator('.jp-StatusBar-Widget').allInnerTexts();
      throw new Error(`the kernel did not answer within 120 s; status bar: ${bar.join(' / ')}`);
    }
    await page.waitForTimeout(250);
  }
  log('notebook open, kernel connected');

  // Run → Run All Cells, as a learner does.
  await page.locator('.lm-MenuBar-itemLabel', { hasText: /^Run$/ }).click();
  await page.locator('.lm-Menu-itemLabel', { hasText: /^Run All Cells$/ }).click();
  const runStart = Date.now();
  log('Run All Cells clicked');

  // Finished when every code cell shows an execution count ("[12]:") and
  // none is queued or running ("[*]:").
  await page.waitForFunction((n) => {
    const prompts = [...document.querySelectorAll('.jp-NotebookPanel .jp-CodeCell .jp-InputArea-prompt')];
    return prompts.length === n && prompts.every((p) => /\[\d+\]/.test(p.textContent));
  }, codeCells, { timeout: timeoutMs, polling: 500 });
  await page.locator('.jp-NotebookPanel .jp-Notebook-ExecutionIndicator[data-status="idle"]').first()
    .waitFor({ timeout: 60_000 });
  log(`all ${codeCells} code cells ran in ${((Date.now() - runStart) / 1000).toFixed(1)} s`);

  // What is shown: images, and no failure text on stderr.
  const imgs = page.locator('.jp-NotebookPanel .jp-OutputArea-output img');
  const nImg = await imgs.count();
  if (nImg === 0) failures.push('no image output is rendered');
  else {
    const loaded = await imgs.evaluateAll((els) => els.filter((e) => e.complete && e.naturalWidth > 0).length);
    if (loaded !== nImg) failures.push(`${nImg - loaded} of ${nImg} images did not load`);
    log(`${nImg} image output(s) rendered, ${loaded} loaded`);
  }
  const stderr = await page.locator('.jp-NotebookPanel .jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')
    .allInnerTexts();
  for (const t of stderr) {
    for (const marker of ['panic:', 'exit status', '✗']) {
      if (t.includes(marker)) failures.push(`stderr output shows ${JSON.stringify(marker)}: ${t.slice(0, 300)}`);
    }
  }
  const checks = await page.locator('.jp-NotebookPanel .jp-OutputArea-output').evaluateAll(
    (els) => els.reduce((n, e) => n + (e.textContent.match(/^✓/gm) || []).length, 0));
  log(`${checks} ✓ check lines shown, ${stderr.length} stderr outputs`);

  // The screenshot: the first figure in view, without JupyterLab's
  // "get notified about Jupyter news?" toast (the image turns news off).
  const noNews = page.locator('.Toastify__toast button', { hasText: /^No$/ });
  if (await noNews.count()) await noNews.first().click().catch(() => {});
  if (nImg > 0) await imgs.first().scrollIntoViewIfNeeded();
  await page.waitForTimeout(500);
  mkdirSync(opt['screenshot-dir'], { recursive: true });
  const shot = resolve(opt['screenshot-dir'], `${opt.notebook.replace(/[/.]/g, '_')}.png`);
  await page.screenshot({ path: shot });
  log(`screenshot: ${shot}`);

  // The model behind the page: save, then read the notebook back and look
  // for error outputs (JupyterLab renders those like stderr).
  await page.keyboard.press('Control+s');
  await page.waitForTimeout(2000);
  const res = await api(`contents/${nbPath}?content=1`);
  if (!res.ok) failures.push(`GET /api/contents/${opt.notebook}: HTTP ${res.status}`);
  else {
    const nb = (await res.json()).content;
    const ran = nb.cells.filter((c) => c.cell_type === 'code' && c.execution_count != null).length;
    if (ran < codeCells) failures.push(`saved notebook: only ${ran} of ${codeCells} code cells have an execution count`);
    nb.cells.forEach((c, i) => (c.outputs || []).forEach((o) => {
      if (o.output_type === 'error') failures.push(`cell ${i + 1}: error output ${o.ename}: ${String(o.evalue).slice(0, 200)}`);
    }));
  }
  status = failures.length ? 1 : 0;
} catch (e) {
  failures.push(`${e.name}: ${e.message}`);
  try {
    mkdirSync(opt['screenshot-dir'], { recursive: true });
    const p = context.pages()[0];
    if (p) await p.screenshot({ path: resolve(opt['screenshot-dir'], 'failure.png') });
  } catch {}
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
for (const f of failures) console.error(`browser: FAIL ${f}`);
console.log(`browser: ${status === 0 ? 'ok' : 'FAILED'} in ${secs()} s (${opt.notebook})`);
process.exit(status);
