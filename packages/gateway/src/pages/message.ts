import { html } from './escape.ts';
import { layout, requestIdLine, type Page } from './layout.ts';

export interface MessagePageOptions {
  readonly status: number;
  readonly title: string;
  /** Plain text; it is escaped. */
  readonly message: string;
  readonly requestId?: string;
}

/** A generic page: a title, one message and, for errors, the request id. */
export function messagePage(options: MessagePageOptions): Page {
  return layout({
    status: options.status,
    title: options.title,
    body: html`<p>${options.message}</p>
      ${requestIdLine(options.requestId)}`,
  });
}
