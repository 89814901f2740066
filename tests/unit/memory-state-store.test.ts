import { MemoryStateStore } from '../../shared/store/memory-state-store';
import { describeStateStoreContract } from '../contract/state-store-contract';

// The same assertions run against DynamoDB Local in tests/integration/dynamo-state-store.test.ts.
describeStateStoreContract('in memory', () => new MemoryStateStore());
