import { describe, expect, it } from 'vitest';
import { startEdge } from './support/edge.ts';
import { send } from './support/request.ts';
import { recordingUpstream } from './support/servers.ts';

describe('_gatehouse* cookies stay between the browser and the gateway', () => {
  it('removes them from the Cookie header and keeps the app cookies', async () => {
    const upstream = await recordingUpstream();
    const edge = await startEdge({ to: upstream.url });
    await send(`${edge.url}/`, {
      headers: { cookie: 'a=1; _gatehouse_session=secret; b=2;_gatehouse_csrf=x; theme=dark' },
    });
    expect(upstream.seen[0]?.headers.cookie).toBe('a=1; b=2; theme=dark');
  });

  it('sends no Cookie header when only gateway cookies were present', async () => {
    const upstream = await recordingUpstream();
    const edge = await startEdge({ to: upstream.url });
    await send(`${edge.url}/`, { headers: { cookie: '_gatehouse_session=secret; _gatehouse=1' } });
    expect(upstream.seen[0]?.headers.cookie).toBeUndefined();
  });

  it('drops an upstream Set-Cookie for _gatehouse_session and relays the others', async () => {
    const upstream = await recordingUpstream((_req, res) => {
      res.setHeader('set-cookie', [
        '_gatehouse_session=forged; Path=/; HttpOnly',
        'app=1; Path=/',
        ' _Gatehouse_csrf=x',
        'pref=2',
      ]);
      res.end('ok');
    });
    const edge = await startEdge({ to: upstream.url });
    const reply = await send(`${edge.url}/`);
    expect(reply.headers['set-cookie']).toEqual(['app=1; Path=/', 'pref=2']);
  });
});
