// The console's few icons, drawn inline (decision 0066): a glyph from a font shows as an empty box
// where the viewer has no font for it (the bell did on a stock Linux machine), an inline SVG draws
// the same everywhere. Each is decoration: what it stands for is always said in text beside it,
// visible or for screen readers, so every icon is aria-hidden and takes the colour of its text.

type IconProps = { readonly className?: string }

const frame = (className: string | undefined) => ({
  className: className ? `icon ${className}` : 'icon',
  viewBox: '0 0 24 24',
  width: 20,
  height: 20,
  fill: 'none',
  stroke: 'currentColor',
  strokeWidth: 2,
  strokeLinecap: 'round' as const,
  strokeLinejoin: 'round' as const,
  'aria-hidden': true,
  focusable: false,
})

export function BellIcon({ className }: IconProps) {
  return (
    <svg {...frame(className)}>
      <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
      <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
    </svg>
  )
}

export function MenuIcon({ className }: IconProps) {
  return (
    <svg {...frame(className)}>
      <path d="M4 6h16M4 12h16M4 18h16" />
    </svg>
  )
}

/** Points down; CSS turns it when its disclosure is open. */
export function ChevronIcon({ className }: IconProps) {
  return (
    <svg {...frame(className ? `icon--small ${className}` : 'icon--small')}>
      <path d="m6 9 6 6 6-6" />
    </svg>
  )
}
