import { SseParser } from './sse-parser';

describe('SseParser', () => {
  const parse = (...chunks: string[]) => {
    const events: string[] = [];
    const parser = new SseParser((data) => events.push(data));
    chunks.forEach((chunk) => parser.push(chunk));
    return events;
  };

  it('emits one event per blank-line-terminated block', () => {
    expect(parse('data: {"a":1}\n\ndata: {"b":2}\n\n')).toEqual(['{"a":1}', '{"b":2}']);
  });

  it('joins events split across chunks, even inside a line or a CRLF', () => {
    expect(parse('da', 'ta: {"a"', ':1}\r', '\n\r\n')).toEqual(['{"a":1}']);
  });

  it('joins multiple data lines with newlines and ignores comments, id, event and retry', () => {
    expect(parse(': keep-alive\nid: 7\nevent: message\nretry: 5000\ndata: line1\ndata:line2\n\n')).toEqual(['line1\nline2']);
  });

  it('does not emit an unterminated event', () => {
    expect(parse('data: {"a":1}\n')).toEqual([]);
  });
});
