import type { ButtonHTMLAttributes } from 'react';

type ButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & {
  readonly variant?: 'primary' | 'plain';
};

const BASE =
  'inline-flex items-center justify-center gap-1 rounded-app border px-3 py-1.5 text-sm font-medium ' +
  'transition-colors cursor-pointer disabled:cursor-not-allowed disabled:opacity-50 ' +
  'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring';

const VARIANTS = {
  primary: 'border-transparent bg-accent text-on-accent hover:bg-accent/90',
  plain:
    'border-line bg-surface text-fg hover:bg-surface-alt aria-pressed:bg-surface-alt aria-pressed:border-fg',
};

/** A native button (Enter / Space work) with a visible keyboard focus ring. */
export function Button({
  variant = 'plain',
  className = '',
  type = 'button',
  ...rest
}: ButtonProps) {
  return <button type={type} className={`${BASE} ${VARIANTS[variant]} ${className}`} {...rest} />;
}
