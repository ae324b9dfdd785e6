// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { mountIdProblem } from '../plugin/mount-check.ts';

// A self-mounting widget whose root id does not match the HTML renders nothing, silently.
const widget = { id: 'my-widget', file: '/app/widgets/src/widgets/my-widget.tsx' };

describe('mountIdProblem', () => {
  it('names the file, the id used and the id the build writes', () => {
    const problem = mountIdProblem(
      widget,
      `import { createRoot } from 'react-dom/client';
       const el = document.getElementById("mywidget-root");
       if (el) createRoot(el).render(null);`,
    );
    expect(problem).toContain('/app/widgets/src/widgets/my-widget.tsx');
    expect(problem).toContain('"#mywidget-root"');
    expect(problem).toContain('<div id="my-widget-root">');
    expect(problem).toContain("document.getElementById('my-widget-root')");
  });

  it('checks querySelector too', () => {
    expect(mountIdProblem(widget, `document.querySelector('#widget-root')`)).toContain(
      '#widget-root',
    );
  });

  it('accepts the right id, a default export, other ids and commented-out code', () => {
    expect(mountIdProblem(widget, `document.getElementById('my-widget-root')`)).toBeUndefined();
    expect(
      mountIdProblem(
        widget,
        `export default function W() { return null; }\ndocument.getElementById('x-root');`,
      ),
    ).toBeUndefined();
    expect(
      mountIdProblem(
        widget,
        `const W = () => null; export { W as default }; getElementById('a-root')`,
      ),
    ).toBeUndefined();
    expect(mountIdProblem(widget, `document.getElementById('tooltip')`)).toBeUndefined();
    expect(
      mountIdProblem(
        widget,
        `// document.getElementById('old-root')\n/* getElementById('older-root') */\ndocument.getElementById('my-widget-root')`,
      ),
    ).toBeUndefined();
  });
});
