import type { Client, Tool } from '@modelcontextprotocol/client';
import { useCallback, useState } from 'react';
import type { WidgetSlot } from '../hooks/use-widget-slot.ts';
import type { Logger } from '../lib/message-log.ts';
import type { Theme } from '../widget/widget-host.ts';
import { Conversation, ModelContext } from './Conversation.tsx';
import { WidgetPanel } from './WidgetPanel.tsx';

interface WidgetColumnProps {
  readonly slot: WidgetSlot;
  readonly client: Client | undefined;
  readonly tools: readonly Tool[];
  readonly sandboxUrl: string | undefined;
  readonly theme: Theme;
  readonly log: Logger;
}

/** The middle column: the widget (or why it cannot show), the conversation, the model context. */
export function WidgetColumn({ slot, client, tools, sandboxUrl, theme, log }: WidgetColumnProps) {
  const { widget, closeWidget, setHost, column } = slot;
  const [conversation, setConversation] = useState<readonly string[]>([]);
  const [modelContext, setModelContext] = useState<string>();
  const appendConversation = useCallback((text: string) => {
    setConversation((messages) => [...messages, text]);
  }, []);
  const onClose = useCallback(() => {
    void closeWidget();
  }, [closeWidget]);
  return (
    <div className="column middle" ref={column}>
      {widget?.kind === 'error' && (
        <p role="alert" className="panel error widget-error">
          {widget.error}
        </p>
      )}
      {widget?.kind === 'ready' && client !== undefined && sandboxUrl !== undefined && (
        <WidgetPanel
          key={widget.request.id}
          request={widget.request}
          client={client}
          tools={tools}
          sandboxUrl={sandboxUrl}
          theme={theme}
          log={log}
          onConversationMessage={appendConversation}
          onModelContext={setModelContext}
          onHost={setHost}
          onClose={onClose}
        />
      )}
      <Conversation messages={conversation} />
      <ModelContext text={modelContext} />
    </div>
  );
}
