import { useEffect, useState } from 'preact/hooks';

/** Hash routes (`#/instances/i-…`): the server serves one index.html, and the fragment never leaves the browser. */
export function useRoute(): string[] {
  const read = () => location.hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  const [parts, setParts] = useState(read);
  useEffect(() => {
    const on = () => setParts(read());
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return parts;
}

export const go = (path: string) => {
  location.hash = `#/${path}`;
};
