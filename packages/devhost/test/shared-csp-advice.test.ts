import { describe, expect, it } from 'vitest';
import { cspListFor, cspViolationAdvice } from '../src/shared/csp-advice.ts';

// Gatehouse issue 8: a blocked load names the URL, the directive and the _meta.ui.csp list.
describe('cspViolationAdvice', () => {
  it.each([
    ['img-src', 'resourceDomains'],
    ['script-src-elem', 'resourceDomains'],
    ['style-src-elem', 'resourceDomains'],
    ['font-src', 'resourceDomains'],
    ['media-src', 'resourceDomains'],
    ['connect-src', 'connectDomains'],
    ['frame-src', 'frameDomains'],
    ['base-uri', 'baseUriDomains'],
  ])('maps %s to %s', (directive, list) => {
    expect(cspListFor(directive)).toBe(list);
    const advice = cspViolationAdvice({
      blockedUrl: 'https://cdn.example.com:8443/a/b.png?x=1',
      directive,
      resourceUri: 'ui://gallery',
    });
    expect(advice).toContain(`blocked https://cdn.example.com:8443/a/b.png?x=1 (${directive})`);
    expect(advice).toContain(`add "https://cdn.example.com:8443" to _meta.ui.csp.${list} (`);
    expect(advice).toContain('of ui://gallery');
    expect(advice).toContain('wildcards are not supported');
    expect(advice).toContain('redirects');
  });

  it('says WebSocket origins go to connectDomains', () => {
    expect(
      cspViolationAdvice({ blockedUrl: 'wss://ws.example.com/live', directive: 'connect-src' }),
    ).toContain('add "wss://ws.example.com" to _meta.ui.csp.connectDomains');
  });

  it('explains eval, undeclarable directives and non-network sources', () => {
    expect(cspViolationAdvice({ blockedUrl: 'eval', directive: 'script-src' })).toContain(
      'jitless',
    );
    expect(
      cspViolationAdvice({ blockedUrl: 'https://x.example', directive: 'object-src' }),
    ).toContain('no _meta.ui.csp list changes that');
    expect(cspViolationAdvice({ blockedUrl: 'data', directive: 'font-src' })).toContain(
      'cannot be allowed',
    );
  });
});
