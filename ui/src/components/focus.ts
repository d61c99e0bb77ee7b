import { useEffect, type RefObject } from 'react';

/**
 * Keyboard focus is never left under a bar that stays put while the page scrolls (WCAG 2.2,
 * 2.4.11): the top bar, a form's sticky action bar, and a message (toast) in the corner. The page keeps room for them as scroll
 * padding (the browser's own scrolling into view honours it), and after every move of the focus
 * anything still covered is scrolled clear of the bar.
 */
const BARS = '.topbar, .sticky-actions, .toasts';
/** Room left between the focused element and the bar. */
const GAP = 12;
/** The height of the sticky action bar on screen, for the page's scroll padding (see base.css). */
const BAR_HEIGHT = '--sticky-actions-h';

/**
 * The box a person sees for a focused element: a visually hidden radio or checkbox input is
 * drawn by its label.
 */
export function visibleBox(el: Element): DOMRect {
  const hidden = el instanceof HTMLInputElement && (el.type === 'radio' || el.type === 'checkbox');
  const box = el.getBoundingClientRect();
  if (!hidden && box.width > 2 && box.height > 2) return box;
  const drawn = el.closest('label') ?? el.parentElement;
  return drawn ? drawn.getBoundingClientRect() : box;
}

/** How far the page must scroll (+ down, − up) for no bar to cover `el`; 0 when none does. */
function clearance(el: Element): number {
  const box = visibleBox(el);
  if (box.width === 0 && box.height === 0) return 0;
  let down = 0;
  let up = 0;
  for (const bar of Array.from(document.querySelectorAll<HTMLElement>(BARS))) {
    if (bar.contains(el)) continue;
    const r = bar.getBoundingClientRect();
    const x1 = Math.max(r.left, box.left);
    const x2 = Math.min(r.right, box.right);
    const y1 = Math.max(r.top, box.top);
    const y2 = Math.min(r.bottom, box.bottom);
    if (x2 <= x1 || y2 <= y1) continue;
    // Only a bar that is drawn on top there (a dialog covers the top bar, for one).
    const hit = document.elementFromPoint((x1 + x2) / 2, (y1 + y2) / 2);
    if (!hit || !bar.contains(hit)) continue;
    if (r.top + r.height / 2 > box.top + box.height / 2) down = Math.max(down, box.bottom - r.top + GAP);
    else up = Math.max(up, r.bottom - box.top + GAP);
  }
  // Taller than the room between the bars: its start is what counts.
  return up > 0 ? -up : down;
}

function reveal(el: Element | null) {
  if (!el || el === document.body) return;
  const by = clearance(el);
  if (by !== 0) window.scrollBy({ top: by, behavior: 'instant' });
}

/** Installs the watch over the focus for the whole document; returns the function that removes it. */
export function keepFocusInView(): () => void {
  let frame = 0;
  const later = () => {
    cancelAnimationFrame(frame);
    // After the browser's own scrolling into view, which follows the focus event.
    frame = requestAnimationFrame(() => reveal(document.activeElement));
  };
  document.addEventListener('focusin', later);
  window.addEventListener('resize', later);
  return () => {
    cancelAnimationFrame(frame);
    document.removeEventListener('focusin', later);
    window.removeEventListener('resize', later);
  };
}

/** Publishes a sticky action bar's height for the page's scroll padding while it is on screen. */
export function useStickyBarHeight(ref: RefObject<HTMLElement | null>) {
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const root = document.documentElement;
    const measure = () => root.style.setProperty(BAR_HEIGHT, `${Math.ceil(el.getBoundingClientRect().height)}px`);
    measure();
    const watch = new ResizeObserver(measure);
    watch.observe(el);
    return () => {
      watch.disconnect();
      root.style.removeProperty(BAR_HEIGHT);
    };
  }, [ref]);
}
