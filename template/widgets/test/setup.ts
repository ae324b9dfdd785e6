import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

afterEach(() => {
  cleanup();
  if (typeof document === 'undefined') return;
  // useHostStyles writes to <html>; start every test from a blank document.
  document.documentElement.removeAttribute('data-theme');
  document.documentElement.removeAttribute('class');
  document.documentElement.removeAttribute('style');
  document.getElementById('mcp-host-fonts')?.remove();
});
