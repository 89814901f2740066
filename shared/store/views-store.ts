import { config } from '../platform/config';
import { type StateStore } from './state-store';
import { DynamoStateStore } from './dynamo-state-store';

let views: StateStore | undefined;

/** The derived-views table, through the same store API as the state table (one per container). */
export function viewsStore(): StateStore {
  views ??= new DynamoStateStore(config.viewsTable);
  return views;
}

/** Points every later viewsStore() at another store: unit tests give it a MemoryStateStore. */
export function useViewsStore(store: StateStore): void {
  views = store;
}
