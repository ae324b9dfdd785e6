import { describe, expect, it } from 'vitest';
import { allowedLink } from '../src/app/lib/links.ts';

describe('allowedLink (ui/open-link allow-list)', () => {
  it.each(['https://example.com/a?b=c', 'http://localhost:8080/'])('opens %s', (url) => {
    expect(allowedLink(url)?.href).toBe(url);
  });

  it.each([
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'file:///etc/passwd',
    'vscode://open',
    'mailto:a@example.com',
    '//example.com/relative',
    'not a url',
    '',
  ])('refuses %s', (url) => {
    expect(allowedLink(url)).toBeUndefined();
  });

  it('refuses values that are not strings', () => {
    expect(allowedLink(undefined)).toBeUndefined();
    expect(allowedLink({ href: 'https://example.com' })).toBeUndefined();
  });
});
