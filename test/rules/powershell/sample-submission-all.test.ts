// powershell/sample-submission-all: -SubmitSamplesConsent SendAllSamples (3), and values that are none of
// the four documented ones (the article's `Always`).
import rule from '../../../server/src/engine/rules/powershell/sample-submission-all';
import { ruleTester } from '../../helpers/ruleTester';

const ps = (...lines: string[]) => lines.join('\n') + '\n';

ruleTester(rule, {
  valid: [
    { name: 'SendSafeSamples', code: ps('Set-MpPreference -SubmitSamplesConsent SendSafeSamples') },
    { name: '1 is SendSafeSamples', code: ps('Set-MpPreference -SubmitSamplesConsent 1') },
    { name: 'AlwaysPrompt and NeverSend', code: ps('Set-MpPreference -SubmitSamplesConsent AlwaysPrompt', 'Set-MpPreference -SubmitSamplesConsent:NeverSend') },
    { name: 'a value from a variable is not judged', code: ps('Set-MpPreference -SubmitSamplesConsent $consent') },
    { name: 'comments and strings', code: ps('# Set-MpPreference -SubmitSamplesConsent SendAllSamples', 'Write-Host "-SubmitSamplesConsent 3"') },
  ],
  invalid: [
    {
      name: 'SendAllSamples uploads everything',
      code: ps('Set-MpPreference -SubmitSamplesConsent SendAllSamples'),
      errors: [{ messageId: 'sendAll', line: 1, column: 40, endColumn: 54, data: { value: 'SendAllSamples' }, fixes: [{ title: 'Use SendSafeSamples', output: ps('Set-MpPreference -SubmitSamplesConsent SendSafeSamples') }] }],
    },
    {
      name: '3 is SendAllSamples, quoted and with a colon',
      code: ps('Set-MpPreference -SubmitSamplesConsent:"3"'),
      errors: [{ messageId: 'sendAll', line: 1, column: 40, data: { value: '3' }, fixes: [{ output: ps('Set-MpPreference -SubmitSamplesConsent:SendSafeSamples') }] }],
    },
    {
      name: 'the article: Always is no documented value',
      code: ps('Set-MpPreference -SubmitSamplesConsent Always'),
      errors: [
        {
          messageId: 'unknownValue',
          line: 1,
          column: 40,
          endColumn: 46,
          data: { value: 'Always' },
          fixes: [
            { title: 'Use SendSafeSamples', output: ps('Set-MpPreference -SubmitSamplesConsent SendSafeSamples') },
            { title: 'Use AlwaysPrompt', output: ps('Set-MpPreference -SubmitSamplesConsent AlwaysPrompt') },
          ],
        },
      ],
    },
    {
      name: 'an out-of-range number',
      code: ps('Set-MpPreference -SubmitSamplesConsent 4'),
      errors: [{ messageId: 'unknownValue', line: 1, column: 40, fixes: [{ output: ps('Set-MpPreference -SubmitSamplesConsent SendSafeSamples') }, { output: ps('Set-MpPreference -SubmitSamplesConsent AlwaysPrompt') }] }],
    },
  ],
});
