/**
 * The five faces of a rating, drawn here (no image to fetch): 1 is very unhappy, 5 very happy.
 * Each differs by its mouth, its brows and its colour, so that none is told by colour alone; the
 * word beside each face says it too. Decorative to assistive technology: the word is the name.
 */

const FILL = ['#e4572e', '#f29e4c', '#f1d84b', '#9bd167', '#2e9e5b'];

/** The mouth as a curve from one corner to the other: its corners' height and its middle's. */
const MOUTH: { ends: number; middle: number }[] = [
  { ends: 74, middle: 52 },
  { ends: 71, middle: 62 },
  { ends: 68, middle: 68 },
  { ends: 64, middle: 76 },
  { ends: 60, middle: 86 },
];

export function Face({ score, size = 120, className }: { score: number; size?: number; className?: string }) {
  const i = Math.min(4, Math.max(0, score - 1));
  const m = MOUTH[i]!;
  const ink = '#1b1f24';
  return (
    <svg viewBox="0 0 100 100" width={size} height={size} aria-hidden="true" focusable="false" className={className}>
      <circle cx="50" cy="50" r="45" fill={FILL[i]} stroke={ink} strokeWidth="4" />
      {/* Brows: drawn down towards the middle when unhappy, raised when very happy. */}
      {i === 0 ? (
        <>
          <path d="M24 30 L40 36" stroke={ink} strokeWidth="5" strokeLinecap="round" />
          <path d="M76 30 L60 36" stroke={ink} strokeWidth="5" strokeLinecap="round" />
        </>
      ) : i === 4 ? (
        <>
          <path d="M26 32 Q34 25 42 31" fill="none" stroke={ink} strokeWidth="4" strokeLinecap="round" />
          <path d="M58 31 Q66 25 74 32" fill="none" stroke={ink} strokeWidth="4" strokeLinecap="round" />
        </>
      ) : null}
      <circle cx="36" cy="44" r="5.5" fill={ink} />
      <circle cx="64" cy="44" r="5.5" fill={ink} />
      {i === 4 ? (
        // Very happy: an open smile.
        <path d={`M28 ${m.ends} Q50 ${m.middle + 6} 72 ${m.ends} Z`} fill={ink} stroke={ink} strokeWidth="4" strokeLinejoin="round" />
      ) : (
        <path d={`M30 ${m.ends} Q50 ${m.middle * 2 - m.ends} 70 ${m.ends}`} fill="none" stroke={ink} strokeWidth="5" strokeLinecap="round" />
      )}
    </svg>
  );
}
