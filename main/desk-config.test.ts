import { describe, expect, it } from 'vitest';
import { deskConfig, DeskConfigError, parseServerUrl } from './desk-config.js';

describe('desk configuration', () => {
  it('without a server the desk is standalone on the demo file', () => {
    expect(deskConfig('/u', null)).toEqual({ dataFile: '/u/pult.sqlite', serverUrl: null, demo: true });
  });

  it('with a server the desk syncs into a file of its own for that server, never the demo file', () => {
    const a = deskConfig('/u', 'https://pult.example.by/');
    const b = deskConfig('/u', 'https://other.example.by');
    expect(a.serverUrl).toBe('https://pult.example.by');
    expect(a.demo).toBe(false);
    expect(a.dataFile).toMatch(/^\/u\/desk-[0-9a-f]{12}\.sqlite$/);
    expect(a.dataFile).not.toBe(b.dataFile);
    expect(deskConfig('/u', 'https://pult.example.by/api').dataFile).toBe(a.dataFile);
  });

  it.each(['pult.example.by', 'ftp://x', 'javascript:alert(1)', 'https://user:pw@x.by'])('refuses %s', (raw) => {
    expect(() => parseServerUrl(raw)).toThrow(DeskConfigError);
  });
});
