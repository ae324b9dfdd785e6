import { act, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mountWidget } from '../plugin/mount.ts';

// The runtime the build's widget entry calls: `mountWidget(import('./widgets/<id>.tsx'), id, rootId)`.
describe('mountWidget', () => {
  let errors: string[];
  beforeEach(() => {
    errors = [];
    vi.spyOn(console, 'error').mockImplementation((message: string) => void errors.push(message));
  });
  afterEach(() => {
    vi.restoreAllMocks();
    document.body.innerHTML = '';
  });

  it('renders the default export into <id>-root', async () => {
    document.body.innerHTML = '<div id="my-widget-root"></div>';
    await act(() => {
      mountWidget({ default: () => <p>mounted</p> }, 'my-widget', 'my-widget-root');
      return Promise.resolve();
    });
    expect(screen.getByText('mounted').closest('#my-widget-root')).not.toBeNull();
    expect(errors).toEqual([]);
  });

  it('logs an error naming the expected element when the root is missing', () => {
    mountWidget({ default: () => <p>never</p> }, 'echo', 'echo-root');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('no element with id "echo-root"');
    expect(errors[0]).toContain('[widget echo]');
  });

  it('leaves a module without a default export alone (it mounts itself)', () => {
    document.body.innerHTML = '<div id="echo-root">self-mounted</div>';
    mountWidget({}, 'echo', 'echo-root');
    expect(document.getElementById('echo-root')?.textContent).toBe('self-mounted');
    expect(errors).toEqual([]);
  });

  it('logs an error when the default export is not a component', () => {
    document.body.innerHTML = '<div id="echo-root"></div>';
    mountWidget({ default: 'echo' }, 'echo', 'echo-root');
    expect(errors[0]).toContain('default export is not a React component');
  });
});
