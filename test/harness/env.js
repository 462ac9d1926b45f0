// Runs before each test file: point the app at the test stack.
const { TEST_ENV } = require('./test-env');
Object.assign(process.env, TEST_ENV);
