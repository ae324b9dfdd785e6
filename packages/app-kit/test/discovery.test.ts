import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverWidgets } from '../src/index.ts';
import { caught } from './support/errors.ts';
import { tempDir, writeFiles } from './support/fs.ts';

describe('discoverWidgets', () => {
  it('finds each top-level .tsx and .jsx file, sorted by id', async () => {
    const dir = await tempDir();
    await writeFiles(dir, {
      'echo.tsx': '',
      'chart-2.jsx': '',
      'styles.css': '',
      'helpers.ts': '',
      'echo.test.tsx': '',
      'README.md': '',
      'components/Button.tsx': '',
      'nested/inner.tsx': '',
    });
    await mkdir(path.join(dir, 'folder.tsx'));

    expect(await discoverWidgets(dir)).toEqual([
      { id: 'chart-2', file: path.join(dir, 'chart-2.jsx') },
      { id: 'echo', file: path.join(dir, 'echo.tsx') },
    ]);
  });

  it('returns no widgets for an empty folder', async () => {
    expect(await discoverWidgets(await tempDir())).toEqual([]);
  });

  it('rejects a file name that is not a valid widget id', async () => {
    const dir = await tempDir();
    await writeFiles(dir, { 'MyWidget.tsx': '' });
    const error = await caught(() => discoverWidgets(dir));
    expect(error.code).toBe('ERR_APP_KIT_WIDGET_ID_INVALID');
    expect(error.message).toContain('"MyWidget"');
  });

  it('rejects two entry files for the same id', async () => {
    const dir = await tempDir();
    await writeFiles(dir, { 'echo.tsx': '', 'echo.jsx': '' });
    const error = await caught(() => discoverWidgets(dir));
    expect(error.code).toBe('ERR_APP_KIT_WIDGET_DUPLICATE');
    expect(error.message).toContain('echo.tsx');
    expect(error.message).toContain('echo.jsx');
  });

  it('says where the missing folder should be', async () => {
    const dir = path.join(await tempDir(), 'widgets');
    const error = await caught(() => discoverWidgets(dir));
    expect(error.code).toBe('ERR_APP_KIT_WIDGETS_DIR_MISSING');
    expect(error.message).toContain(dir);
  });
});
