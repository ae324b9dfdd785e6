// Deliberately loose (the gateway normalizes and checks again): one `@` with text on both sides.
// No dot required: `admin@localhost`, the first account of a local install, must be shareable.
const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** True when `text` looks like one email address (`share add`, the TUI's `s`). */
export function isEmailAddress(text: string): boolean {
  return EMAIL.test(text);
}
