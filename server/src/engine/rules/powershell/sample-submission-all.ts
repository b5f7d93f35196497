// Flags `Set-MpPreference -SubmitSamplesConsent SendAllSamples` (3): Defender then uploads any file it finds
// suspicious to Microsoft without asking, proprietary datasets and model files included. Also the
// article's `-SubmitSamplesConsent Always`, which is no value of the setting at all.
import { defineRule } from '../../defineRule';
import { SET_MP_PREFERENCE, boundParams, commandsNamed, commandsOf } from './cmdlets';

/** SubmitSamplesConsentType, as Microsoft documents it. */
const VALUES: Record<string, number> = { alwaysprompt: 0, sendsafesamples: 1, neversend: 2, sendallsamples: 3 };

export default defineRule({
  id: 'powershell/sample-submission-all',
  title: 'Defender uploads every sample without asking',
  description: 'Set-MpPreference -SubmitSamplesConsent SendAllSamples (3) lets Defender upload any suspicious file, proprietary datasets and models included, to Microsoft without asking; values that are not AlwaysPrompt, SendSafeSamples, NeverSend or SendAllSamples are reported too.',
  severity: 'warning',
  appliesTo: ['powershell'],
  fixKind: 'suggestion',
  keywords: ['SubmitSamplesConsent', 'MpPreference'],
  messages: {
    sendAll: '-SubmitSamplesConsent {{value}} (SendAllSamples) uploads any file Defender finds suspicious to Microsoft without asking, including proprietary datasets and model files. Use SendSafeSamples (1): files that may hold personal or proprietary data are only sent after a prompt.',
    unknownValue: '-SubmitSamplesConsent {{value}} is not a documented value (AlwaysPrompt 0, SendSafeSamples 1, NeverSend 2, SendAllSamples 3): PowerShell rejects it and the old setting stays. If "{{value}}" meant prompt every time, that is AlwaysPrompt; if it meant always send, that is SendAllSamples, which uploads datasets and models without asking. Write the value explicitly: SendSafeSamples is the safe choice.',
  },
  check(file, report) {
    const tree = file.syntax;
    if (!tree) return;
    for (const cmd of commandsNamed(commandsOf(tree), 'Set-MpPreference')) {
      for (const b of boundParams(cmd, SET_MP_PREFERENCE, ['Force', 'AsJob'])) {
        if (b.name !== 'SubmitSamplesConsent' || !b.value) continue;
        const raw = b.value.text.trim();
        if (raw.startsWith('$') || raw.startsWith('(')) continue; // computed at run time
        const value = raw.replace(/^(['"])(.*)\1$/, '$2');
        const known = /^\d+$/.test(value) ? Number(value) : VALUES[value.toLowerCase()];
        const span = { start: b.value.startIndex, end: b.value.endIndex };
        if (known === 3) {
          report({ messageId: 'sendAll', span, data: { value }, fixes: [{ title: 'Use SendSafeSamples', kind: 'suggestion', edits: [{ ...span, text: 'SendSafeSamples' }] }] });
        } else if (known === undefined || known > 3 || known < 0) {
          report({
            messageId: 'unknownValue',
            span,
            data: { value },
            fixes: [
              { title: 'Use SendSafeSamples', kind: 'suggestion', edits: [{ ...span, text: 'SendSafeSamples' }] },
              { title: 'Use AlwaysPrompt', kind: 'suggestion', edits: [{ ...span, text: 'AlwaysPrompt' }] },
            ],
          });
        }
      }
    }
  },
});
