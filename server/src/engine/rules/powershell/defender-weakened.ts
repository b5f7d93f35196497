// Flags PowerShell that switches off parts of Microsoft Defender on a workstation holding datasets and
// models: real-time, behaviour, download (IOAV) and script scanning, block at first sight, cloud protection
// (MAPS), and exclusions of whole drives, profiles or download folders. Parameters are matched the way
// PowerShell binds them: aliases (`-drtm`), unambiguous prefixes (`-DisableRealtime`) and `1` for `$true`.
import { defineRule } from '../../defineRule';
import { ADD_MP_PREFERENCE, SET_MP_PREFERENCE, boundParams, commandsNamed, psBool, psItems, commandsOf } from './cmdlets';
import { trimEndChars } from '../../strings';

/** The [bool] preferences whose `$true` turns a protection off, with what it protects. */
const PROTECTIONS: Record<string, string> = {
  DisableRealtimeMonitoring: 'real-time protection (files are no longer scanned when opened or written)',
  DisableBehaviorMonitoring: 'behavior monitoring (malicious processes are no longer stopped by what they do)',
  DisableIOAVProtection: 'scanning of downloaded files and attachments',
  DisableScriptScanning: 'scanning of scripts (PowerShell, JavaScript, VBScript) before they run',
  DisableBlockAtFirstSeen: 'block at first sight (new files are no longer held for a cloud verdict)',
  DisableArchiveScanning: 'scanning inside archives (.zip, .cab), where datasets and payloads travel',
  DisableIntrusionPreventionSystem: 'network intrusion prevention',
};

/**
 * Exclusions that cover far more than one tool's folder: a drive root, everything, user profiles, and the
 * folders where untrusted downloads land (a pickled model from the internet executes when loaded).
 */
function broadExclusion(raw: string): string | undefined {
  const p = trimEndChars(raw.trim().replace(/\//g, '\\'), '\\').replace(/\\\*(\.\*)?$/, '');
  if (p === '' || p === '*' || p === '*.*') return 'every file';
  if (/^[A-Za-z]:$/.test(p)) return `the whole ${p.toUpperCase()} drive`;
  if (/^(\$env:(USERPROFILE|HOMEDRIVE|SystemDrive|HOMEPATH)|\$HOME|~|%USERPROFILE%|%SystemDrive%|%HOMEDRIVE%)$/i.test(p)) return 'a whole user profile or drive';
  if (/^[A-Za-z]:\\Users(\\[^\\*]+)?$/i.test(p)) return 'user profiles';
  if (/(^|\\)(Downloads|Temp|tmp)$/i.test(p) || /^\$env:(TEMP|TMP)$/i.test(p) || /^%(TEMP|TMP)%$/i.test(p)) return 'a download or temp folder, where untrusted files land';
  return undefined;
}

export default defineRule({
  id: 'powershell/defender-weakened',
  title: 'Microsoft Defender protection switched off',
  description: 'Set-MpPreference turns off real-time, behavior, download or script scanning or cloud protection, or an exclusion covers a drive, a profile or a download folder, so malware in datasets, notebooks and model files goes unscanned.',
  severity: 'error',
  appliesTo: ['powershell'],
  fixKind: 'suggestion',
  keywords: ['MpPreference'],
  messages: {
    disabled: '{{param}} {{value}} turns off {{what}} on a machine that opens datasets and model files from elsewhere. Remove it or set it to $false.',
    mapsOff: '-MAPSReporting {{value}} turns off cloud-delivered protection (MAPS): Defender no longer asks Microsoft about new files, and block at first sight stops working. Use Advanced.',
    broadExclusion: 'The exclusion {{path}} covers {{what}}: Defender no longer scans anything there, including downloaded models and notebooks. Exclude a single tool folder instead.',
  },
  check(file, report) {
    const tree = file.syntax;
    if (!tree) return;
    const cmds = commandsOf(tree);
    for (const cmd of [...commandsNamed(cmds, 'Set-MpPreference'), ...commandsNamed(cmds, 'Add-MpPreference')]) {
      const add = cmd.name.toLowerCase().endsWith('add-mppreference');
      for (const b of boundParams(cmd, add ? ADD_MP_PREFERENCE : SET_MP_PREFERENCE, ['Force', 'AsJob'])) {
        const what = PROTECTIONS[b.name];
        if (what && b.value && psBool(b.value) === true) {
          report({
            messageId: 'disabled',
            span: { start: b.param.node.startIndex, end: b.value.endIndex },
            data: { param: `-${b.param.name}`, value: b.value.text, what },
            fixes: [{ title: `Set -${b.param.name} to $false`, kind: 'suggestion', edits: [{ start: b.value.startIndex, end: b.value.endIndex, text: '$false' }] }],
          });
        }
        if (b.name === 'MAPSReporting' && b.value && /^(0|Disabled)$/i.test(b.value.text.trim().replace(/^['"]|['"]$/g, ''))) {
          report({
            messageId: 'mapsOff',
            span: { start: b.param.node.startIndex, end: b.value.endIndex },
            data: { value: b.value.text },
            fixes: [{ title: 'Use -MAPSReporting Advanced', kind: 'suggestion', edits: [{ start: b.value.startIndex, end: b.value.endIndex, text: 'Advanced' }] }],
          });
        }
        if (b.name === 'ExclusionPath' && b.value) {
          for (const item of psItems(b.value)) {
            const broad = item.dynamic && !/^\$(env:|HOME)/i.test(item.value) ? undefined : broadExclusion(item.value);
            if (broad) report({ messageId: 'broadExclusion', span: { start: item.node.startIndex, end: item.node.endIndex }, data: { path: item.value, what: broad } });
          }
        }
      }
    }
  },
});
