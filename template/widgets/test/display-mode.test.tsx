import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderEcho } from './render-echo.tsx';

const modeGroup = () => screen.getByRole('group', { name: 'Display mode' });
const modeButton = (name: string) => within(modeGroup()).getByRole('button', { name });
const pressed = (name: string) => modeButton(name).getAttribute('aria-pressed');

describe('display modes', () => {
  it('offers only the modes the host lists', async () => {
    await renderEcho({
      hostContext: { displayMode: 'inline', availableDisplayModes: ['inline', 'fullscreen'] },
    });
    const names = within(modeGroup())
      .getAllByRole('button')
      .map((b) => b.getAttribute('aria-label'));
    expect(names).toEqual(['Inline', 'Fullscreen']);
    expect(pressed('Inline')).toBe('true');
    expect(pressed('Fullscreen')).toBe('false');
  });

  it('offers no switcher when the host lists one mode or none', async () => {
    await renderEcho({ hostContext: { displayMode: 'inline', availableDisplayModes: ['inline'] } });
    expect(screen.queryByRole('group', { name: 'Display mode' })).toBeNull();
  });

  it('requests the clicked mode and shows the mode the host granted', async () => {
    const app = await renderEcho({
      hostContext: {
        displayMode: 'inline',
        availableDisplayModes: ['inline', 'pip', 'fullscreen'],
      },
    });
    await userEvent.click(modeButton('Fullscreen'));
    expect(app.calls.requestDisplayMode).toEqual([{ mode: 'fullscreen' }]);
    expect(pressed('Fullscreen')).toBe('true');
    expect(pressed('Inline')).toBe('false');
  });

  it('reflects the returned mode when the host picks a different one', async () => {
    const app = await renderEcho({
      hostContext: {
        displayMode: 'inline',
        availableDisplayModes: ['inline', 'pip', 'fullscreen'],
      },
      displayMode: 'pip',
    });
    await userEvent.click(modeButton('Fullscreen'));
    expect(app.calls.requestDisplayMode).toEqual([{ mode: 'fullscreen' }]);
    expect(pressed('Picture-in-picture (PiP)')).toBe('true');
    expect(pressed('Fullscreen')).toBe('false');
    expect(screen.getByRole('status').textContent).toBe('The host kept the pip display mode.');
  });

  it('follows display-mode changes the host announces', async () => {
    const app = await renderEcho({
      hostContext: { displayMode: 'inline', availableDisplayModes: ['inline', 'fullscreen'] },
    });
    act(() => app.emitHostContextChanged({ displayMode: 'fullscreen' }));
    expect(pressed('Fullscreen')).toBe('true');
  });
});
