import { describe, expect, it } from 'vitest';
import { summarizeTenantChange } from './tenant-summary.ts';

describe('tenant change summary', () => {
  it('names added, changed and removed entries and changed settings', () => {
    const before = {
      clients: [{ clientId: 'spa', redirectUris: ['a'] }, { clientId: 'm2m' }],
      users: [{ email: 'alice@example.com' }],
      idTokenLifetime: 36000,
    };
    const after = {
      clients: [{ clientId: 'spa', redirectUris: ['a', 'b'] }],
      users: [{ email: 'alice@example.com' }, { email: 'carol@example.com' }],
      idTokenLifetime: 600,
    };
    expect(summarizeTenantChange(before, after)).toEqual([
      'changes the client spa (redirectUris)',
      'removes the client m2m',
      'adds the user carol@example.com',
      'sets idTokenLifetime to 600 (was 36000)',
    ]);
  });

  it('says nothing when nothing changes', () => {
    expect(summarizeTenantChange({ a: 1, users: [] }, { a: 1, users: [] })).toEqual([]);
  });
});
