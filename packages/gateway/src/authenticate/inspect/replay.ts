import type { Context } from 'hono';
import type { McpTrafficInspector, ReplayOptions } from '@gatehouse/core';
import type { AuthContext } from '../context.ts';
import type { AuthEnv } from '../env.ts';
import { formField } from '../forms.ts';
import { redirect } from '../respond.ts';
import { message } from '../../tunnel-accounts/http/respond.ts';
import { signedInOrRedirect } from '../signed-in.ts';
import { viewerOf } from './viewer.ts';

type Parsed = { ok: true; options: ReplayOptions } | { ok: false; message: string };

/** The edited arguments: empty keeps the recorded ones; otherwise a JSON object. */
function parseArguments(text: string): Parsed {
  if (text.trim() === '') return { ok: true, options: {} };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, message: 'The arguments are not valid JSON. Fix them and replay again.' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return {
      ok: false,
      message:
        'The arguments must be a JSON object ({"name": value, …}), as tools/call sends them.',
    };
  }
  return { ok: true, options: { arguments: value as Record<string, unknown> } };
}

/**
 * `POST /inspect/replay` (CSRF-checked by the auth app's form wrapper): re-sends a recorded
 * tools/call through the port, which enforces ownership, the same route and the same policy.
 * tools/call is not idempotent (MCP 2025-11-25 §Tools: a tool may change data), so the form's
 * confirmation box must be ticked. On success, the new call's detail shows the diff.
 */
export async function postInspectReplay(
  c: Context<AuthEnv>,
  ctx: AuthContext,
  form: Record<string, unknown>,
  inspector: McpTrafficInspector,
): Promise<Response> {
  const signedIn = await signedInOrRedirect(c, ctx, '/inspect');
  if ('response' in signedIn) return signedIn.response;
  const id = formField(form, 'id');
  if (formField(form, 'confirm') !== 'yes') {
    return message(
      c,
      400,
      'Confirm the replay',
      'A replay calls the tool again and may change data: tick the confirmation box, then Replay.',
    );
  }
  const parsed = parseArguments(formField(form, 'arguments'));
  if (!parsed.ok) return message(c, 400, 'Cannot replay', parsed.message);
  const result = await inspector.replay(viewerOf(signedIn.session), id, parsed.options);
  if (!result.ok)
    return message(c, result.reason === 'not-found' ? 404 : 400, 'Cannot replay', result.message);
  ctx.logger.info(
    {
      event: 'mcp-replay',
      user: signedIn.session.email ?? signedIn.session.userId,
      replayOf: id,
      exchange: result.exchange.id,
    },
    'MCP call replayed from /inspect',
  );
  const base = ctx.config().authenticateServiceUrl;
  const params = new URLSearchParams({ id: result.exchange.id });
  return redirect(c, `${base}/inspect?${params.toString()}#detail`);
}
