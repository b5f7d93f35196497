// How PowerShell binds a named parameter, for the powershell/* rules: the exact name or an alias wins,
// otherwise any unambiguous prefix of a name or alias (`-DisableRealtime` is -DisableRealtimeMonitoring,
// `-drtm` its alias); an ambiguous prefix is an error at run time and binds nothing. PSScriptAnalyzer misses
// `-AsPlain` for -AsPlainText because it compares whole names only. Values are read from the
// tree-sitter-powershell tree (parsers/treeSitterPowershell.ts): `-P value` and `-P:value`.
import { namedChildren, type SyntaxNode, type SyntaxTree } from '../../parsers/treeSitter';
import { psCommands, psProgram, psValue, type PsCommand, type PsElement } from '../../parsers/treeSitterPowershell';

/** Parameter name -> aliases. */
export type ParamTable = Readonly<Record<string, readonly string[]>>;

/** Common parameters every cmdlet has (about_CommonParameters), with their aliases. */
const COMMON: ParamTable = {
  Debug: ['db'],
  ErrorAction: ['ea'],
  ErrorVariable: ['ev'],
  InformationAction: ['infa'],
  InformationVariable: ['iv'],
  OutBuffer: ['ob'],
  OutVariable: ['ov'],
  PipelineVariable: ['pv'],
  ProgressAction: ['proga'],
  Verbose: ['vb'],
  WarningAction: ['wa'],
  WarningVariable: ['wv'],
};

/** CIM cmdlets (cdxml modules: Defender, NetSecurity) add these. */
const CIM: ParamTable = { AsJob: [], CimSession: ['Session'], ThrottleLimit: [] };

/**
 * Set-MpPreference's parameters and aliases, from Microsoft's reference page (windows-powershell-docs,
 * docset/winserver2022-ps/defender/Set-MpPreference.md, ms.date 03/27/2024).
 */
export const SET_MP_PREFERENCE: ParamTable = {
  ...COMMON,
  ...CIM,
  AllowDatagramProcessingOnWinServer: ['adpows'],
  AllowNetworkProtectionDownLevel: ['anpdl'],
  AllowNetworkProtectionOnWinServer: ['anpws'],
  AllowSwitchToAsyncInspection: [],
  AttackSurfaceReductionOnlyExclusions: [],
  AttackSurfaceReductionRules_Actions: [],
  AttackSurfaceReductionRules_Ids: [],
  CheckForSignaturesBeforeRunningScan: ['csbr'],
  CloudBlockLevel: [],
  CloudExtendedTimeout: ['cloudextimeout'],
  ControlledFolderAccessAllowedApplications: [],
  ControlledFolderAccessProtectedFolders: [],
  DefinitionUpdatesChannel: ['duc'],
  DisableArchiveScanning: ['darchsc'],
  DisableAutoExclusions: ['dae'],
  DisableBehaviorMonitoring: ['dbm'],
  DisableBlockAtFirstSeen: ['dbaf'],
  DisableCacheMaintenance: ['dcm'],
  DisableCatchupFullScan: ['dcfsc'],
  DisableCatchupQuickScan: ['dcqsc'],
  DisableCpuThrottleOnIdleScans: [],
  DisableDatagramProcessing: ['ddtgp'],
  DisableDnsOverTcpParsing: ['ddnstcpp'],
  DisableDnsParsing: ['ddnsp'],
  DisableEmailScanning: ['demsc'],
  DisableFtpParsing: ['dfp'],
  DisableGradualRelease: ['dgr'],
  DisableHttpParsing: ['dhttpp'],
  DisableInboundConnectionFiltering: ['dicf'],
  DisableIntrusionPreventionSystem: ['dips'],
  DisableIOAVProtection: ['dioavp'],
  DisableNetworkProtectionPerfTelemetry: ['dnpp'],
  DisablePrivacyMode: ['dpm'],
  DisableRdpParsing: ['drdpp'],
  DisableRealtimeMonitoring: ['drtm'],
  DisableRemovableDriveScanning: ['drdsc'],
  DisableRestorePoint: ['drp'],
  DisableScanningMappedNetworkDrivesForFullScan: ['dsmndfsc'],
  DisableScanningNetworkFiles: ['dsnf'],
  DisableScriptScanning: ['dscrptsc'],
  DisableSmtpParsing: ['dsp'],
  DisableSshParsing: ['dsshp'],
  DisableTamperProtection: ['dtp'],
  DisableTlsParsing: ['dtlsp'],
  EnableControlledFolderAccess: [],
  EnableConvertWarnToBlock: [],
  EnableDnsSinkhole: ['ednss'],
  EnableFileHashComputation: ['efhc'],
  EnableFullScanOnBatteryPower: ['efsobp'],
  EnableLowCpuPriority: ['elcp'],
  EnableNetworkProtection: [],
  EnableUdpReceiveOffload: [],
  EnableUdpSegmentationOffload: [],
  EngineUpdatesChannel: ['euc'],
  ExclusionExtension: [],
  ExclusionIpAddress: [],
  ExclusionPath: [],
  ExclusionProcess: [],
  Force: [],
  ForceUseProxyOnly: ['fupo'],
  HighThreatDefaultAction: ['htdefac'],
  IntelTDTEnabled: ['itdte'],
  LowThreatDefaultAction: ['ltdefac'],
  MAPSReporting: [],
  MeteredConnectionUpdates: ['mcupd'],
  ModerateThreatDefaultAction: ['mtdefac'],
  OobeEnableRtpAndSigUpdate: [],
  PlatformUpdatesChannel: ['prelr'],
  ProxyBypass: ['proxbps'],
  ProxyPacUrl: ['ppurl'],
  ProxyServer: ['proxsrv'],
  PUAProtection: [],
  QuarantinePurgeItemsAfterDelay: ['qpiad'],
  RandomizeScheduleTaskTimes: ['rstt'],
  RealTimeScanDirection: ['rtsd'],
  RemediationScheduleDay: ['rsd'],
  RemediationScheduleTime: ['rst'],
  ReportingAdditionalActionTimeOut: ['raat'],
  ReportingCriticalFailureTimeOut: ['rcto'],
  ReportingNonCriticalTimeOut: ['rncto'],
  ScanAvgCPULoadFactor: ['saclf'],
  ScanOnlyIfIdleEnabled: ['soiie'],
  ScanParameters: [],
  ScanPurgeItemsAfterDelay: ['spiad'],
  ScanScheduleDay: ['scsd'],
  ScanScheduleOffset: ['scso'],
  ScanScheduleQuickScanTime: ['scsqst'],
  ScanScheduleTime: ['scst'],
  SchedulerRandomizationTime: ['srt'],
  ServiceHealthReportInterval: ['shri'],
  SevereThreatDefaultAction: ['stdefac'],
  SharedSignaturesPath: ['ssp', 'SecurityIntelligenceLocation', 'ssl'],
  SignatureAuGracePeriod: ['sigagp'],
  SignatureBlobFileSharesSources: ['sigbfs'],
  SignatureBlobUpdateInterval: ['sigbui'],
  SignatureDefinitionUpdateFileSharesSources: ['sigdufss'],
  SignatureDisableUpdateOnStartupWithoutEngine: ['sigduoswo'],
  SignatureFallbackOrder: ['sfo'],
  SignatureFirstAuGracePeriod: ['sigfagp'],
  SignatureScheduleDay: ['sigsd'],
  SignatureScheduleTime: ['sigst'],
  SignatureUpdateCatchupInterval: ['siguci'],
  SignatureUpdateInterval: ['sigui'],
  SubmitSamplesConsent: [],
  ThreatIDDefaultAction_Actions: ['tiddefaca'],
  ThreatIDDefaultAction_Ids: ['tiddefaci'],
  ThrottleForScheduledScanOnly: [],
  UILockdown: [],
  UnknownThreatDefaultAction: ['unktdefac'],
};

/** Add-MpPreference: the list-valued preferences it appends to (same reference set). */
export const ADD_MP_PREFERENCE: ParamTable = {
  ...COMMON,
  ...CIM,
  AttackSurfaceReductionOnlyExclusions: [],
  AttackSurfaceReductionRules_Actions: [],
  AttackSurfaceReductionRules_Ids: [],
  ControlledFolderAccessAllowedApplications: [],
  ControlledFolderAccessProtectedFolders: [],
  ExclusionExtension: [],
  ExclusionIpAddress: [],
  ExclusionPath: [],
  ExclusionProcess: [],
  Force: [],
  ThreatIDDefaultAction_Actions: ['tiddefaca'],
  ThreatIDDefaultAction_Ids: ['tiddefaci'],
};

/** New-NetFirewallRule (NetSecurity reference page, winserver2022-ps). */
export const NEW_NET_FIREWALL_RULE: ParamTable = {
  ...COMMON,
  ...CIM,
  Action: [],
  Authentication: [],
  Confirm: ['cf'],
  Description: [],
  Direction: [],
  DisplayName: [],
  DynamicTarget: ['DynamicTransport'],
  EdgeTraversalPolicy: [],
  Enabled: [],
  Encryption: [],
  GPOSession: [],
  Group: [],
  IcmpType: [],
  InterfaceAlias: [],
  InterfaceType: [],
  LocalAddress: [],
  LocalOnlyMapping: [],
  LocalPort: [],
  LocalUser: [],
  LooseSourceMapping: [],
  Name: ['ID'],
  OverrideBlockRules: [],
  Owner: [],
  Package: [],
  Platform: [],
  PolicyStore: [],
  Profile: [],
  Program: [],
  Protocol: [],
  RemoteAddress: [],
  RemoteMachine: [],
  RemotePort: [],
  RemoteUser: [],
  Service: [],
  WhatIf: ['wi'],
};

/** Set-NetFirewallProfile (NetSecurity reference page, winserver2022-ps). */
export const SET_NET_FIREWALL_PROFILE: ParamTable = {
  ...COMMON,
  ...CIM,
  AllowInboundRules: [],
  AllowLocalFirewallRules: [],
  AllowLocalIPsecRules: [],
  AllowUnicastResponseToMulticast: [],
  AllowUserApps: [],
  AllowUserPorts: [],
  All: [],
  Confirm: ['cf'],
  DefaultInboundAction: [],
  DefaultOutboundAction: [],
  DisabledInterfaceAliases: [],
  Enabled: [],
  EnableStealthModeForIPsec: [],
  GPOSession: [],
  InputObject: [],
  LogAllowed: [],
  LogBlocked: [],
  LogFileName: [],
  LogIgnored: [],
  LogMaxSizeKilobytes: [],
  Name: ['Profile'],
  NotifyOnListen: [],
  PassThru: [],
  PolicyStore: [],
  WhatIf: ['wi'],
};

/** ConvertTo-SecureString (Microsoft.PowerShell.Security reference page). */
export const CONVERT_TO_SECURE_STRING: ParamTable = {
  ...COMMON,
  AsPlainText: [],
  Force: [],
  Key: [],
  SecureKey: [],
  String: [],
};

/**
 * The canonical parameter a written name binds to: exact name or alias first, then a unique prefix of the
 * names and aliases. Undefined for unknown or ambiguous names (PowerShell refuses both).
 */
export function bindParam(table: ParamTable, written: string): string | undefined {
  const w = written.toLowerCase();
  if (w === '') return undefined;
  const exact = Object.entries(table).find(([name, aliases]) => name.toLowerCase() === w || aliases.some((a) => a.toLowerCase() === w));
  if (exact) return exact[0];
  const matches = Object.entries(table).filter(([name, aliases]) => name.toLowerCase().startsWith(w) || aliases.some((a) => a.toLowerCase().startsWith(w)));
  return matches.length === 1 ? matches[0][0] : undefined;
}

export interface BoundParam {
  param: Extract<PsElement, { kind: 'param' }>;
  /** The canonical name. */
  name: string;
  /** The value node: `-P:value` or the argument after `-P` (a switch parameter has none). */
  value?: SyntaxNode;
}

/** Each named parameter of a command bound to its canonical name; `switches` take no value from the next word. */
export function boundParams(cmd: PsCommand, table: ParamTable, switches: readonly string[] = []): BoundParam[] {
  const out: BoundParam[] = [];
  cmd.elements.forEach((e, i) => {
    if (e.kind !== 'param') return;
    const name = bindParam(table, e.name);
    if (!name) return;
    const next = cmd.elements[i + 1];
    const value = e.colonValue ?? (!switches.includes(name) && next?.kind === 'arg' ? next.node : undefined);
    out.push({ param: e, name, value });
  });
  return out;
}

/** The commands of a tree, read once per tree for the four powershell/* rules (the walk costs more than the rules). */
const commandCache = new WeakMap<SyntaxTree, PsCommand[]>();

export function commandsOf(tree: SyntaxTree): PsCommand[] {
  let cmds = commandCache.get(tree);
  if (!cmds) {
    cmds = psCommands(tree);
    commandCache.set(tree, cmds);
  }
  return cmds;
}

/** Commands named `cmdlet` (case-insensitive, module-qualified `Defender\Set-MpPreference` too). */
export function commandsNamed(cmds: readonly PsCommand[], cmdlet: string): PsCommand[] {
  const want = cmdlet.toLowerCase();
  return cmds.filter((c) => psProgram(c) === want);
}

/**
 * How PowerShell reads a [bool] argument: `$true`/`$false`, or a number (`1` is true, `0` false). Strings
 * and other values are refused by the binder ("Boolean parameters accept only Boolean values and numbers").
 * Undefined when the value is computed at run time.
 */
export function psBool(node: SyntaxNode | undefined): boolean | undefined {
  if (!node) return undefined;
  const text = node.text.trim();
  if (/^\$true$/i.test(text)) return true;
  if (/^\$false$/i.test(text)) return false;
  if (/^-?\d+$/.test(text)) return Number(text) !== 0;
  return undefined;
}

/** The items of an argument: `"C:\", 'D:\data'` is two; each with its literal value. */
export function psItems(node: SyntaxNode): { node: SyntaxNode; value: string; dynamic: boolean }[] {
  const items = node.type === 'array_literal_expression' && namedChildren(node).length > 1 ? namedChildren(node) : [node];
  return items.map((n) => ({ node: n, ...psValue(n) }));
}
