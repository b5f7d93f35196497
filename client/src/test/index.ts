// Entry point VS Code loads for `npm run test:electron` (extensionTestsPath): runs the tests in order
// and rejects when one fails, which makes runTests() exit non-zero. No mocha: plain async functions.
import { tests as diagnostics } from './diagnostics.test';

export async function run(): Promise<void> {
  const failures: string[] = [];
  for (const [name, test] of Object.entries(diagnostics)) {
    try {
      await test();
      console.log(`ok   ${name}`);
    } catch (err) {
      failures.push(name);
      console.log(`FAIL ${name}: ${err instanceof Error ? err.stack : String(err)}`);
    }
  }
  if (failures.length) throw new Error(`${failures.length} test(s) failed: ${failures.join('; ')}`);
}
