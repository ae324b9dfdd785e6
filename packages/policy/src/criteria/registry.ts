import { accept } from './accept.ts';
import { authenticatedUser } from './authenticated-user.ts';
import { claim, claims } from './claim.ts';
import { corsPreflight } from './cors-preflight.ts';
import type { Criterion } from './criterion.ts';
import { date } from './date.ts';
import { dayOfWeek } from './day-of-week.ts';
import { domain } from './domain.ts';
import { email } from './email.ts';
import { groups } from './groups.ts';
import { httpMethod } from './http-method.ts';
import { httpPath } from './http-path.ts';
import { mcpMethod } from './mcp-method.ts';
import { mcpTool } from './mcp-tool.ts';
import { reject } from './reject.ts';
import { sourceIp } from './source-ip.ts';
import { sshPublickey } from './ssh-publickey.ts';
import { sshUsername } from './ssh-username.ts';
import { sshUsernameMatchesEmail } from './ssh-username-matches-email.ts';
import { timeOfDay } from './time-of-day.ts';
import { user } from './user.ts';

/** Every criterion the language knows, by name. */
export const CRITERIA: ReadonlyMap<string, Criterion> = new Map(
  [
    accept,
    reject,
    authenticatedUser,
    email,
    domain,
    user,
    groups,
    claim,
    claims,
    httpMethod,
    httpPath,
    sourceIp,
    corsPreflight,
    mcpTool,
    mcpMethod,
    sshUsername,
    sshUsernameMatchesEmail,
    sshPublickey,
    date,
    dayOfWeek,
    timeOfDay,
  ].map((c) => [c.name, c]),
);
