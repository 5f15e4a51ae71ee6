import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { closableWriter } from '../../../src/cli/io.js';

function recordingStream(): { stream: Writable; written: string[] } {
  const written: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      written.push(chunk.toString());
      done();
    },
  });
  return { stream, written };
}

const failure = (code: string) => Object.assign(new Error(`write ${code}`), { code });

describe('closableWriter (stdout piped into `head`)', () => {
  it('writes until the reader is gone, then drops output instead of crashing', () => {
    const { stream, written } = recordingStream();
    const write = closableWriter(stream);
    write('first\n');
    stream.emit('error', failure('EPIPE'));
    expect(() => write('second\n')).not.toThrow();
    expect(written).toEqual(['first\n']);
  });

  it('does not swallow other stream errors', () => {
    const { stream } = recordingStream();
    closableWriter(stream);
    expect(() => stream.emit('error', failure('EIO'))).toThrow('write EIO');
  });
});
