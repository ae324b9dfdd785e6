import { describe, expect, it } from 'vitest';
import { negotiateDisplayMode } from '../src/app/lib/display-mode.ts';

describe('negotiateDisplayMode (SEP-1865 host checklist 14)', () => {
  it('grants a mode both the view and the host support', () => {
    expect(negotiateDisplayMode('fullscreen', ['inline', 'fullscreen'], 'inline')).toBe(
      'fullscreen',
    );
    expect(negotiateDisplayMode('inline', ['inline', 'fullscreen'], 'fullscreen')).toBe('inline');
  });

  it('keeps the current mode when the view did not advertise the requested one', () => {
    expect(negotiateDisplayMode('pip', ['inline', 'fullscreen'], 'inline')).toBe('inline');
    expect(negotiateDisplayMode('fullscreen', undefined, 'inline')).toBe('inline');
    expect(negotiateDisplayMode('fullscreen', [], 'pip')).toBe('pip');
  });

  it('keeps the current mode when the host does not offer the requested one', () => {
    expect(negotiateDisplayMode('pip', ['inline', 'pip'], 'inline', ['inline', 'fullscreen'])).toBe(
      'inline',
    );
  });

  it('keeps the current mode for an unknown mode', () => {
    expect(negotiateDisplayMode('sidebar', ['sidebar'], 'inline')).toBe('inline');
  });
});
