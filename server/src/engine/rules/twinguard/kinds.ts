// The file kinds whose comments can hold a `twinguard-ignore` directive (a signing report has no comments).
import type { FileKind } from '../../types';

export const SUPPRESSIBLE_KINDS: FileKind[] = ['shell', 'powershell', 'python', 'yaml', 'nginx', 'terraform', 'dotenv', 'dockerfile', 'auditd'];
