/** Credentials of the test sandbox (distinct from npm start's defaults, so a mix-up shows). */
export const TEST_SETTINGS = {
  admin: { accessKeyId: 'TestOperatorKey', accessKeySecret: 'TestOperatorSecret' },
  defaultAccount: { accountId: '100000000099', accessKeyId: 'TestDefaultKey', accessKeySecret: 'TestDefaultSecret' },
  // The stack suite was written against the guide's figures (60 s per GiB); tests of the quick
  // profile switch it through the control plane.
  env: { SANDBOX_TRANSITION_SECONDS: '5', SANDBOX_DURATIONS: 'realistic', SANDBOX_NETWORK_PENDING_SECONDS: '20' },
};
