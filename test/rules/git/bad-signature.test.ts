// git/bad-signature: a signature that does not match its commit is an error, with no fix to offer.
import rule from '../../../server/src/engine/rules/git/bad-signature';
import { ruleTester } from '../../helpers/ruleTester';
import { commit, FIRST_COMMIT_LINE, report, repo } from '../../helpers/signingReport';

const verified = commit('a1b2c3d4e5f6', 'verified', 'feat: verified', { keyId: 'ABCD', signer: 'Dev <d@x>' });
const tampered = commit('9f8e7d6c5b4a', 'bad-signature', 'tampered: disable the audit log', { keyId: 'ABCD', detail: 'Signed digest did not match' });

ruleTester(rule, {
  valid: [
    report(repo({ commits: [verified] }), 'a good signature'),
    report(repo({ commits: [commit('b2c3d4e5f6a1', 'unknown-key', 'x'), commit('c3d4e5f6a1b2', 'unsigned', 'y')] }), 'unknown key and unsigned are other rules'),
  ],
  invalid: [
    {
      ...report(repo({ commits: [verified, tampered] })),
      name: 'a tampered commit: the signature no longer matches; re-signing is not offered (it would bless the change)',
      errors: [{ messageId: 'bad', line: FIRST_COMMIT_LINE + 1, column: 1, data: { sha: '9f8e7d6c5b4a', subject: tampered.subject, detail: 'Signed digest did not match' }, fixes: [] }],
    },
    {
      ...report(repo({ commits: [commit('d4e5f6a1b2c3', 'bad-signature', 'x')] })),
      name: 'without a detail the message still says why',
      errors: [{ messageId: 'bad', line: FIRST_COMMIT_LINE, column: 1, data: { sha: 'd4e5f6a1b2c3', subject: 'x', detail: 'the signature does not match' } }],
    },
  ],
});
