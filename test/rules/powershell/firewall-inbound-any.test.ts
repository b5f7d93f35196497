// powershell/firewall-inbound-any: inbound allow rules open to any address, serving ports open to all, and
// the firewall switched off.
import rule from '../../../server/src/engine/rules/powershell/firewall-inbound-any';
import { ruleTester } from '../../helpers/ruleTester';

const ps = (...lines: string[]) => lines.join('\n') + '\n';
const ADD = ' -RemoteAddress LocalSubnet';

ruleTester(rule, {
  valid: [
    { name: 'the article: block all inbound', code: ps('New-NetFirewallRule -DisplayName "Block All Inbound AI Dev" -Direction Inbound -Action Block -Profile Domain,Private') },
    { name: 'the article: Jupyter only from the VPN range, over a continued line', code: ps('New-NetFirewallRule -DisplayName "Allow VPN to Jupyter" -Direction Inbound -LocalPort 8888 -Protocol TCP `', '    -RemoteAddress "192.168.1.0/24" -Action Allow') },
    { name: 'outbound rules', code: ps('New-NetFirewallRule -DisplayName "out" -Direction Outbound -LocalPort 8000 -Action Allow') },
    { name: 'a rule created disabled', code: ps('New-NetFirewallRule -DisplayName "x" -LocalPort 8000 -Enabled False') },
    { name: 'a remote address from a variable is not judged', code: ps('New-NetFirewallRule -DisplayName "x" -LocalPort 8000 -RemoteAddress $vpn') },
    { name: 'LocalSubnet', code: ps('New-NetFirewallRule -DisplayName "x" -LocalPort 6006 -RemoteAddress LocalSubnet') },
    { name: 'the firewall switched on', code: ps('Set-NetFirewallProfile -Profile Domain,Public,Private -Enabled True', 'netsh advfirewall set allprofiles state on') },
    { name: 'comments and strings', code: ps('# netsh advfirewall set allprofiles state off', 'Write-Host "Set-NetFirewallProfile -Enabled False"') },
    // Fuzzer counterexample: PowerShell runs no line of a script that does not parse, and tree-sitter's recovery
    // differed between LF and CRLF (and ended the command before the string, where the fix appended its text).
    { name: 'a command that does not parse', code: ps('New-NetFirewallRule -D"isplayName "Jupyter" -Direction Inbound -LocalPort 8888 -Protocol TCP -Action Allow') },
  ],
  invalid: [
    {
      name: 'Jupyter port open to any address',
      code: ps('New-NetFirewallRule -DisplayName "Jupyter" -Direction Inbound -LocalPort 8888 -Protocol TCP -Action Allow'),
      errors: [{ messageId: 'servingPortAny', line: 1, column: 74, endColumn: 78, data: { port: 8888, service: 'Jupyter' }, fixes: [{ title: 'Add -RemoteAddress LocalSubnet', output: ps(`New-NetFirewallRule -DisplayName "Jupyter" -Direction Inbound -LocalPort 8888 -Protocol TCP -Action Allow${ADD}`) }] }],
    },
    {
      name: 'a port range holding TensorBoard, defaults Inbound and Allow',
      code: ps('New-NetFirewallRule -DisplayName "tb" -LocalPort 6000-6010 -Protocol TCP'),
      errors: [{ messageId: 'servingPortAny', line: 1, column: 50, data: { port: 6006, service: 'TensorBoard' }, fixes: [{ output: ps(`New-NetFirewallRule -DisplayName "tb" -LocalPort 6000-6010 -Protocol TCP${ADD}`) }] }],
    },
    {
      name: '-RemoteAddress Any',
      code: ps('New-NetFirewallRule -DisplayName "app" -Direction Inbound -LocalPort 9000 -RemoteAddress Any -Action Allow'),
      errors: [{ messageId: 'inboundAny', line: 1, column: 90, endColumn: 93, data: { remote: '-RemoteAddress Any' }, fixes: [{ title: 'Use -RemoteAddress LocalSubnet', output: ps('New-NetFirewallRule -DisplayName "app" -Direction Inbound -LocalPort 9000 -RemoteAddress LocalSubnet -Action Allow') }] }],
    },
    {
      name: 'an inbound allow for a program, from anywhere',
      code: ps('New-NetFirewallRule -DisplayName "py" -Direction Inbound -Program "C:\\Python312\\python.exe" -Action Allow'),
      errors: [{ messageId: 'inboundAny', line: 1, column: 39, data: { remote: 'no -RemoteAddress' }, fixes: [{ output: ps(`New-NetFirewallRule -DisplayName "py" -Direction Inbound -Program "C:\\Python312\\python.exe" -Action Allow${ADD}`) }] }],
    },
    {
      // The fix goes after the last word: before a trailing comment, a pipe or a `;`, not after the blanks.
      name: 'commands followed by a comment, a pipe and another statement',
      code: ps('New-NetFirewallRule -LocalPort 8888 # lab', 'New-NetFirewallRule -LocalPort 6006 | Out-Null; New-NetFirewallRule -LocalPort 8000'),
      errors: [
        { messageId: 'servingPortAny', line: 1, column: 32, fixes: [{ output: ps(`New-NetFirewallRule -LocalPort 8888${ADD} # lab`, 'New-NetFirewallRule -LocalPort 6006 | Out-Null; New-NetFirewallRule -LocalPort 8000') }] },
        { messageId: 'servingPortAny', line: 2, column: 32, fixes: [{ output: ps('New-NetFirewallRule -LocalPort 8888 # lab', `New-NetFirewallRule -LocalPort 6006${ADD} | Out-Null; New-NetFirewallRule -LocalPort 8000`) }] },
        { messageId: 'servingPortAny', line: 2, column: 80, fixes: [{ output: ps('New-NetFirewallRule -LocalPort 8888 # lab', `New-NetFirewallRule -LocalPort 6006 | Out-Null; New-NetFirewallRule -LocalPort 8000${ADD}`) }] },
      ],
    },
    {
      name: 'firewall profiles disabled',
      code: ps('Set-NetFirewallProfile -Profile Domain,Public,Private -Enabled False'),
      errors: [{ messageId: 'profileDisabled', line: 1, column: 64, endColumn: 69, data: { value: 'False' }, fixes: [{ title: 'Use -Enabled True', output: ps('Set-NetFirewallProfile -Profile Domain,Public,Private -Enabled True') }] }],
    },
    {
      name: 'inbound allowed by default',
      code: ps('Set-NetFirewallProfile -All -DefaultInboundAction Allow'),
      errors: [{ messageId: 'defaultInboundAllow', line: 1, column: 51, fixes: [{ output: ps('Set-NetFirewallProfile -All -DefaultInboundAction Block') }] }],
    },
    {
      name: 'netsh switches the firewall off',
      code: ps('netsh advfirewall set allprofiles state off'),
      errors: [{ messageId: 'netshOff', line: 1, column: 41, endColumn: 44, fixes: [{ title: 'Use state on', output: ps('netsh advfirewall set allprofiles state on') }] }],
    },
  ],
});
