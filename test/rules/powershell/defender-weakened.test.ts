// powershell/defender-weakened: Set-MpPreference switching protections off (names, aliases, prefixes, 1 for
// $true), cloud protection off, and exclusions of whole drives, profiles and download folders.
import rule from '../../../server/src/engine/rules/powershell/defender-weakened';
import { ruleTester } from '../../helpers/ruleTester';

const ps = (...lines: string[]) => lines.join('\n') + '\n';
const rt = 'real-time protection (files are no longer scanned when opened or written)';

ruleTester(rule, {
  valid: [
    { name: 'the article: real-time monitoring explicitly on', code: ps('Set-MpPreference -DisableRealtimeMonitoring $false') },
    { name: 'the article: cloud protection Advanced', code: ps('Set-MpPreference -MAPSReporting Advanced') },
    { name: '0 for $false via the alias', code: ps('Set-MpPreference -drtm 0 -dbm:$false') },
    { name: 'an ambiguous prefix binds nothing (PowerShell refuses it)', code: ps('Set-MpPreference -Disable 1') },
    { name: 'a value from a variable is not judged', code: ps('Set-MpPreference -DisableRealtimeMonitoring $TargetState') },
    { name: 'an exclusion of one tool folder', code: ps('Add-MpPreference -ExclusionPath "C:\\tools\\conda\\pkgs" -Force') },
    { name: 'Get-MpPreference only reads', code: ps('$p = Get-MpPreference', 'if ($p.DisableRealtimeMonitoring) { Write-Host "off" }') },
    { name: 'comments and strings mention the cmdlet', code: ps('# Set-MpPreference -DisableRealtimeMonitoring $true', 'Write-Host "Set-MpPreference -drtm 1"', '<# Set-MpPreference -dioavp 1 #>') },
    { name: 'other protections left alone', code: ps('Set-MpPreference -DisableCatchupQuickScan $true -ScanScheduleDay Everyday') },
  ],
  invalid: [
    {
      name: 'real-time monitoring off with $true',
      code: ps('Set-MpPreference -DisableRealtimeMonitoring $true'),
      errors: [{ messageId: 'disabled', line: 1, column: 18, endColumn: 50, data: { param: '-DisableRealtimeMonitoring', value: '$true', what: rt }, fixes: [{ title: 'Set -DisableRealtimeMonitoring to $false', output: ps('Set-MpPreference -DisableRealtimeMonitoring $false') }] }],
    },
    {
      name: 'the alias -drtm with 1 for $true',
      code: ps('Set-MpPreference -drtm 1'),
      errors: [{ messageId: 'disabled', line: 1, column: 18, endColumn: 25, data: { param: '-drtm', value: '1', what: rt }, fixes: [{ output: ps('Set-MpPreference -drtm $false') }] }],
    },
    {
      name: 'an unambiguous prefix, -Param:value and a module-qualified name',
      code: ps('Defender\\Set-MpPreference -DisableRealtime:$True -DisableBehavior 1 -DisableIOAV $true'),
      errors: [
        { messageId: 'disabled', line: 1, column: 27, fixes: [{ output: ps('Defender\\Set-MpPreference -DisableRealtime:$false -DisableBehavior 1 -DisableIOAV $true') }] },
        { messageId: 'disabled', line: 1, column: 50, fixes: [{ output: ps('Defender\\Set-MpPreference -DisableRealtime:$True -DisableBehavior $false -DisableIOAV $true') }] },
        { messageId: 'disabled', line: 1, column: 69, fixes: [{ output: ps('Defender\\Set-MpPreference -DisableRealtime:$True -DisableBehavior 1 -DisableIOAV $false') }] },
      ],
    },
    {
      name: 'script scanning off over a continued line',
      code: ps('Set-MpPreference `', '  -DisableScriptScanning $true'),
      errors: [{ messageId: 'disabled', line: 2, column: 3, fixes: [{ output: ps('Set-MpPreference `', '  -DisableScriptScanning $false') }] }],
    },
    {
      name: 'cloud protection off: -MAPSReporting 0 and Disabled',
      code: ps('Set-MpPreference -MAPSReporting 0', 'Set-MpPreference -MAPSReporting Disabled'),
      errors: [
        { messageId: 'mapsOff', line: 1, column: 18, endColumn: 34, data: { value: '0' }, fixes: [{ title: 'Use -MAPSReporting Advanced', output: ps('Set-MpPreference -MAPSReporting Advanced', 'Set-MpPreference -MAPSReporting Disabled') }] },
        { messageId: 'mapsOff', line: 2, column: 18, fixes: [{ output: ps('Set-MpPreference -MAPSReporting 0', 'Set-MpPreference -MAPSReporting Advanced') }] },
      ],
    },
    {
      name: 'broad exclusions: a drive root, the Downloads folder, a user profile',
      code: ps('Add-MpPreference -ExclusionPath "C:\\", "$env:USERPROFILE\\Downloads", "D:\\data\\cache" -Force', 'Set-MpPreference -ExclusionPath C:\\Users\\alice'),
      errors: [
        { messageId: 'broadExclusion', line: 1, column: 33, endColumn: 38, data: { path: 'C:\\', what: 'the whole C: drive' } },
        { messageId: 'broadExclusion', line: 1, column: 40, data: { path: '$env:USERPROFILE\\Downloads', what: 'a download or temp folder, where untrusted files land' } },
        { messageId: 'broadExclusion', line: 2, column: 33, data: { path: 'C:\\Users\\alice', what: 'user profiles' } },
      ],
    },
  ],
});
