import { describe, expect, it } from 'vitest';
import { runDemo } from '../../src/cli/demo.js';
import type { CliIo } from '../../src/cli/io.js';

function captureIo(): { io: CliIo; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  const io: CliIo = {
    stdout: (t) => void (out += t),
    stderr: (t) => void (err += t),
    env: {},
    cwd: process.cwd(),
    stdoutIsTTY: false,
    stderrIsTTY: false,
    stdinIsTTY: false,
    confirm: () => Promise.reject(new Error('the demo must not ask')),
    now: () => new Date('2026-11-22T12:00:00Z'),
  };
  return { io, out: () => out, err: () => err };
}

describe('npm run demo', () => {
  it('validates, plans, applies and converges on the example studio', async () => {
    const { io, out, err } = captureIo();
    const code = await runDemo(io);
    expect(err()).not.toContain('local-demo-key');
    expect(out()).not.toContain('local-demo-key');
    expect(code, err()).toBe(0);
    const text = out();
    expect(text).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/);
    expect(text).toContain('$ ftrack-roles plan examples/studio/access --detailed-exitcode');
    expect(text).toMatch(/Plan: \d+ to assign, \d+ to modify, \d+ to remove\./);
    expect(text).toContain('No changes.');
    expect(text).toContain('Demo finished');
  });
});
