/**
 * Incremental parser for the Server-Sent Events wire format: feeds text chunks, emits the data of
 * each event (multiple `data:` lines joined by "\n", per the SSE spec). Comments (`:`), `id:`,
 * `event:` and `retry:` lines are ignored: WSAPI puts the whole envelope in `data:`.
 */
export class SseParser {
  private buffer = '';
  private dataLines: string[] = [];

  constructor(private readonly onData: (data: string) => void) {}

  push(chunk: string): void {
    this.buffer += chunk;
    let newline: number;
    while ((newline = this.buffer.search(/\r\n|\r|\n/)) >= 0) {
      const line = this.buffer.slice(0, newline);
      const width = this.buffer.startsWith('\r\n', newline) ? 2 : 1;
      this.buffer = this.buffer.slice(newline + width);
      this.line(line);
    }
  }

  private line(line: string): void {
    if (line === '') {
      if (this.dataLines.length > 0) this.onData(this.dataLines.join('\n'));
      this.dataLines = [];
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'data') this.dataLines.push(value);
  }
}
