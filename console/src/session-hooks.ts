import { useStore } from './store';
import { region, session } from './session';

/** Hooks over the session store, so components re-render when it changes. */
export { region, session };
export const useSession = () => useStore(session);
export const useRegion = () => useStore(region);
export const useSessionOperator = () => useStore(session).operator;
