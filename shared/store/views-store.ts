import { config } from '../platform/config';
import { StateStore } from './state-store';

let views: StateStore | undefined;

/** The derived-views table, through the same store API as the state table (one per container). */
export function viewsStore(): StateStore {
  views ??= new StateStore(config.viewsTable);
  return views;
}
