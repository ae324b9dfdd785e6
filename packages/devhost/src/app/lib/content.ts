/**
 * Text of MCP content blocks. SEP-1865 prose has `ui/message` content as one block, the SDK wire
 * as an array (mcp-spec §5.5): accept both. Non-text blocks are named, not rendered.
 */
export function contentText(content: unknown): string {
  const blocks = Array.isArray(content) ? content : [content];
  return blocks
    .map((block: unknown) => {
      if (typeof block !== 'object' || block === null || !('type' in block)) return '';
      if (block.type === 'text' && 'text' in block && typeof block.text === 'string')
        return block.text;
      return `[${String(block.type)} content]`;
    })
    .filter((text) => text !== '')
    .join('\n');
}
