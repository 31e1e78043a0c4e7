import { directorySuite } from '../test-support/directory-suite.js';
import { createMemoryStore } from '../test-support/memory-store.js';

directorySuite('the memory store', () => {
  const store = createMemoryStore();
  return { access: store, put: store.put };
});
