/** The part of a writable stream a {@link pipeSafeWriter} needs (process.stdout, process.stderr). */
export interface WritableLike {
  write(text: string): unknown;
  on(event: 'error', listener: (error: NodeJS.ErrnoException) => void): unknown;
}

/**
 * A writer for stdout or stderr that stops quietly when the reader goes away: `regatta … | head` closes the pipe,
 * and Node reports that as an `EPIPE` error event, which, unhandled, ends the process with a stack trace. After such
 * an error further text is dropped; the command goes on (it still writes its reports) and exits with its own code.
 */
export function pipeSafeWriter(stream: WritableLike): (text: string) => void {
  let closed = false;
  stream.on('error', () => {
    // EPIPE (reader gone) or any other failure of the stream: nothing more can be shown on it either way.
    closed = true;
  });
  return (text) => {
    if (!closed) {
      stream.write(text);
    }
  };
}
