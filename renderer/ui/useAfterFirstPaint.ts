import { useEffect, useState } from 'react';

/**
 * False in the first render, true once the browser has drawn it: for parts of the frame that may come a moment
 * later (the phone's bar), so that their code is not fetched and run while the first rows are being drawn.
 */
export function useAfterFirstPaint(): boolean {
  const [painted, setPainted] = useState(false);
  useEffect(() => {
    if (painted) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // A frame callback runs before that frame's paint; the timeout after it runs once the frame is out.
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => setPainted(true), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [painted]);
  return painted;
}
