import { act, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderEcho } from './render-echo.tsx';

const html = () => document.documentElement;
const widgetBox = () => screen.getByRole('main').parentElement as HTMLElement;

describe('echo widget follows the host context', () => {
  it('applies the initial theme and switches on host-context-changed', async () => {
    const app = await renderEcho({ hostContext: { theme: 'light' } });
    expect(html().dataset['theme']).toBe('light');
    expect(html().classList.contains('dark')).toBe(false);

    act(() => app.emitHostContextChanged({ theme: 'dark' }));
    expect(html().dataset['theme']).toBe('dark');
    expect(html().classList.contains('dark')).toBe(true);
    expect(html().style.colorScheme).toBe('dark');

    act(() => app.emitHostContextChanged({ theme: 'light' }));
    expect(html().dataset['theme']).toBe('light');
    expect(html().classList.contains('dark')).toBe(false);
  });

  it('keeps the theme when an update does not mention it (updates are partial)', async () => {
    const app = await renderEcho({ hostContext: { theme: 'dark' } });
    act(() => app.emitHostContextChanged({ locale: 'de-DE' }));
    expect(html().dataset['theme']).toBe('dark');
  });

  it('applies the host CSS variables and fonts', async () => {
    await renderEcho({
      hostContext: {
        styles: {
          variables: { '--color-background-primary': 'rgb(1, 2, 3)' } as never,
          css: { fonts: '@font-face { font-family: Host; src: local(Arial); }' },
        },
      },
    });
    expect(html().style.getPropertyValue('--color-background-primary')).toBe('rgb(1, 2, 3)');
    expect(document.getElementById('mcp-host-fonts')?.textContent).toContain('font-family: Host');
  });

  it('stays inside the container dimensions and safe area', async () => {
    const app = await renderEcho({
      hostContext: {
        containerDimensions: { maxHeight: 400, width: 320 },
        safeAreaInsets: { top: 10, right: 4, bottom: 20, left: 6 },
      },
    });
    const box = widgetBox();
    expect(box.style.maxHeight).toBe('400px');
    expect(box.style.width).toBe('320px');
    expect(box.style.overflowY).toBe('auto');
    expect(box.style.padding).toBe('10px 4px 20px 6px');

    act(() => app.emitHostContextChanged({ containerDimensions: { height: 600, maxWidth: 800 } }));
    expect(box.style.height).toBe('600px');
    expect(box.style.maxHeight).toBe('');
    expect(box.style.maxWidth).toBe('800px');
  });
});
