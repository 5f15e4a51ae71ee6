// The picture of the HTML access review in docs/report.md (docs/images/access-review.png):
// the example studio's review, the top of the page and the users × projects matrix.
//
//   npm run build && node scripts/report-screenshot.mjs [OUT.png]
//
// It starts the emulator seeded with examples/studio/seed.yaml on 127.0.0.1 (a free port,
// a throw-away state), runs the built CLI's `report examples/studio/access --format html`
// against it, opens the page from its file in Debian's headless Chromium (/usr/bin/chromium,
// driven by playwright-core; nothing is downloaded) and writes one PNG, 1280 px wide.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';

const root = join(import.meta.dirname, '..');
const out = process.argv[2] ?? join(root, 'docs/images/access-review.png');
const CHROMIUM = '/usr/bin/chromium';
const fail = (message) => {
  process.stderr.write(`report-screenshot: ${message}\n`);
  process.exit(1);
};
if (!existsSync(join(root, 'dist/cli/bin.js')))
  fail('dist/ is missing: run `npm run build` first.');
if (!existsSync(CHROMIUM)) fail(`${CHROMIUM} is missing: apt-get install chromium.`);

const work = mkdtempSync(join(tmpdir(), 'ftrack-roles-screenshot-'));
const { startEmulator } = await import(pathToFileURL(join(root, 'dist/emulator/public.js')).href);
const emulator = await startEmulator({
  seedFile: join(root, 'examples/studio/seed.yaml'),
  stateFile: join(work, 'state.json'),
});
const page = join(work, 'review.html');
let browser;
try {
  await promisify(execFile)(
    process.execPath,
    [
      join(root, 'dist/cli/bin.js'),
      'report',
      'examples/studio/access',
      '--format',
      'html',
      '--out',
      page,
    ],
    {
      cwd: root,
      env: {
        PATH: process.env.PATH,
        NO_COLOR: '1',
        FTRACK_SERVER: emulator.url,
        FTRACK_API_USER: 'svc-access',
        FTRACK_API_KEY: 'local-demo-key',
      },
    },
  );
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-sync'],
  });
  const tab = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  await tab.route('**/*', (route) =>
    route.request().url().startsWith('file:') ? route.continue() : route.abort(),
  );
  await tab.goto(pathToFileURL(page).href);
  await tab.waitForSelector('body[data-ready]');
  // The top (title, the review's facts, the summary's figures) and the matrix, one above
  // the other in one picture.
  const figures = await tab.locator('#summary .figures').boundingBox();
  const top = await tab.screenshot({
    clip: { x: 0, y: 0, width: 1280, height: Math.ceil(figures.y + figures.height + 16) },
    fullPage: true,
  });
  const matrix = await tab.locator('#matrix').screenshot();
  const sheet = await browser.newPage({ viewport: { width: 1280, height: 600 } });
  const image = (png) => `<img alt="" src="data:image/png;base64,${png.toString('base64')}">`;
  await sheet.setContent(
    '<style>body{margin:0;background:#fff}img{display:block}img+hr+img{margin:16px 20px 0}' +
      'hr{margin:0;border:0;border-top:6px solid #ddd}</style>' +
      `${image(top)}<hr>${image(matrix)}`,
  );
  writeFileSync(out, await sheet.screenshot({ fullPage: true }));
  process.stderr.write(`report-screenshot: wrote ${out}\n`);
} finally {
  await browser?.close();
  await emulator.stop();
  rmSync(work, { recursive: true, force: true });
}
