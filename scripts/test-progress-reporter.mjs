// A jest reporter for scripts/test.mjs: appends one JSON line per event (a test file or a test starts or
// ends) to the file named by TEST_PROGRESS_FILE, so that a run stopped by the overall timeout can say
// which file, and which test in it, was still running.
import { appendFileSync } from 'node:fs';

export default class TestProgressReporter {
  #file = process.env.TEST_PROGRESS_FILE;

  #write(record) {
    if (this.#file) appendFileSync(this.#file, `${JSON.stringify({ ...record, at: Date.now() })}\n`);
  }

  onTestFileStart(test) {
    this.#write({ event: 'file-start', path: test.path });
  }

  onTestCaseStart(test, testCase) {
    this.#write({ event: 'test-start', path: test.path, name: testCase.fullName });
  }

  onTestCaseResult(test, testCase) {
    this.#write({ event: 'test-end', path: test.path, name: testCase.fullName });
  }

  onTestFileResult(test) {
    this.#write({ event: 'file-end', path: test.path });
  }

  getLastError() {
    return undefined;
  }
}
