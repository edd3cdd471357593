import { expect, it } from '@jest/globals';
it('probe', async () => {
  const seen: unknown[] = [];
  const h = (e: unknown) => seen.push(e);
  process.on('unhandledRejection', h);
  void Promise.reject(new Error('boom'));
  await new Promise((r) => setTimeout(r, 50));
  process.off('unhandledRejection', h);
  console.log('seen', seen.length);
  expect(seen.length).toBe(1);
});
