import type { Outcome, PolicyInput } from '@gatehouse/policy';

/** Who makes a request in a recipe case; `null` is nobody signed in. */
type Who = { readonly email: string; readonly groups?: readonly string[] } | null;

/** One request a documented example must decide as its prose says. */
export interface RecipeCase {
  readonly name: string;
  readonly input: PolicyInput;
  readonly expect: Outcome;
}

/** The documented examples whose meaning is checked, by file, heading and route index. */
export interface Recipe {
  readonly file: string;
  readonly heading: string;
  readonly route: number;
  readonly cases: readonly RecipeCase[];
}

const WEDNESDAY_11_PARIS = '2026-11-25T10:00:00Z';
const WEDNESDAY_1830_PARIS = '2026-11-25T17:30:00Z';
const SATURDAY_11_PARIS = '2026-11-28T10:00:00Z';

/** A request on an MCP route as the gateway builds it (mcp-route.ts): OAuth session, user, body. */
function mcp(who: Who, method: string, tool?: string, at = WEDNESDAY_11_PARIS): PolicyInput {
  return {
    http: {
      method: 'POST',
      host: 'mcp.localhost:8787',
      path: '/mcp',
      ip: '127.0.0.1',
      headers: {},
    },
    ...(who === null
      ? {}
      : {
          session: { id: 'oauth:grant' },
          user: { id: `acc_${who.email}`, email: who.email, groups: who.groups ?? [] },
        }),
    mcp: { method, ...(tool === undefined ? {} : { tool_call: { name: tool, arguments: {} } }) },
    now: new Date(at),
  };
}

const get = (path: string): PolicyInput => ({
  http: { method: 'GET', host: 'assets.example.com', path, ip: '203.0.113.7', headers: {} },
  now: new Date(WEDNESDAY_11_PARIS),
});

const ada = { email: 'ada@example.com', groups: ['admin'] };
const bob = { email: 'bob@example.com', groups: ['staff'] };
const pat = { email: 'pat@partner.example' };
const stranger = { email: 'eve@elsewhere.example' };
const call = (who: Who, tool: string, at?: string) => mcp(who, 'tools/call', tool, at);
const init = (who: Who) => mcp(who, 'initialize');
const c = (name: string, input: PolicyInput, expect: Outcome): RecipeCase => ({
  name,
  input,
  expect,
});

export const RECIPES: readonly Recipe[] = [
  {
    file: 'docs/policies.md',
    heading: 'Allow only listed tools',
    route: 0,
    cases: [
      c('a listed tool', call(bob, 'search'), 'allow'),
      c('an unlisted tool', call(bob, 'delete_document'), 'deny'),
      c('initialize still works', init(bob), 'allow'),
      c('tools/list still works', mcp(bob, 'tools/list'), 'allow'),
      c('nobody signed in', init(null), 'login'),
    ],
  },
  {
    file: 'docs/policies.md',
    heading: 'Deny destructive tools',
    route: 0,
    cases: [
      c('a harmless tool', call(bob, 'query'), 'allow'),
      c('drop_table', call(bob, 'drop_table'), 'deny'),
      c('a delete_ tool', call(bob, 'delete_rows'), 'deny'),
      c('another domain', init(stranger), 'deny'),
    ],
  },
  {
    file: 'docs/policies.md',
    heading: 'Tools per group',
    route: 0,
    cases: [
      c('admin calls an admin_ tool', call(ada, 'admin_reset'), 'allow'),
      c('staff calls an admin_ tool', call(bob, 'admin_reset'), 'deny'),
      c('staff calls another tool', call(bob, 'search'), 'allow'),
      c('staff lists tools', mcp(bob, 'tools/list'), 'allow'),
    ],
  },
  {
    file: 'docs/policies.md',
    heading: 'Tools per domain',
    route: 0,
    cases: [
      c('employee, any tool', call(bob, 'delete_account'), 'allow'),
      c('partner, a read tool', call(pat, 'get_account'), 'allow'),
      c('partner, another tool', call(pat, 'delete_account'), 'deny'),
      c('partner connects', init(pat), 'allow'),
      c('another domain', init(stranger), 'deny'),
    ],
  },
  {
    file: 'docs/policies.md',
    heading: 'Read-only for most, write for admins',
    route: 0,
    cases: [
      c('a listed user reads', call(bob, 'list_issues'), 'allow'),
      c('a listed user writes', call(bob, 'create_issue'), 'deny'),
      c('an admin writes', call(ada, 'delete_issue'), 'allow'),
      c('someone not listed', init({ email: 'mallory@example.com' }), 'deny'),
    ],
  },
  {
    file: 'docs/policies.md',
    heading: 'Business hours only',
    route: 0,
    cases: [
      c('deploy on Wednesday 11:00 Paris', call(bob, 'deploy', WEDNESDAY_11_PARIS), 'allow'),
      c('deploy on Wednesday 18:30 Paris', call(bob, 'deploy', WEDNESDAY_1830_PARIS), 'deny'),
      c('deploy on Saturday 11:00 Paris', call(bob, 'deploy', SATURDAY_11_PARIS), 'deny'),
      c('another tool at night', call(bob, 'status', WEDNESDAY_1830_PARIS), 'allow'),
    ],
  },
  {
    file: 'docs/policies.md',
    heading: 'Tools only, no prompts or resources',
    route: 0,
    cases: [
      c('prompts/get', mcp(bob, 'prompts/get'), 'deny'),
      c('resources/read (widgets)', mcp(bob, 'resources/read'), 'allow'),
      c('a tool call', call(bob, 'echo'), 'allow'),
    ],
  },
  {
    file: 'docs/production.md',
    heading: 'Serving an MCP App in production',
    route: 1,
    cases: [
      c('a widget file, nobody signed in', get('/assets/echo-3f2a.js'), 'allow'),
      c('the MCP endpoint on the public host', get('/mcp'), 'deny'),
      c('a path that only starts like /assets', get('/assets-private/x'), 'deny'),
    ],
  },
];
