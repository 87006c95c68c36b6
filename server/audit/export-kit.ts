// What a third party needs besides the data to check an export of the audit trail (decision 0037):
// the procedure in Vietnamese and English, and a script that follows it with Python and OpenSSL
// alone (tests/integration/audit/export.test.ts runs it on a real export, untouched and tampered).
// {summary}, {bundle} and {fingerprint} are filled in per export.

export const EXPORT_README = `# Trích xuất nhật ký kiểm toán — Audit trail export

Cổng điều hành đám mây tỉnh Lạng Sơn. {summary}

## Kiểm tra (tiếng Việt)

Cần Python 3.8+ và OpenSSL 3; không cần gì của chúng tôi.

\`\`\`sh
tar xzf {bundle}.tar.gz && cd {bundle}
python3 verify.py        # mã thoát 0: mọi mục và mọi điểm kiểm tra đều khớp
\`\`\`

\`verify.py\` làm đúng các bước sau, có thể tự làm lại bằng tay:

1. Mỗi điểm kiểm tra (\`checkpoints/<số>.json\`) được ký Ed25519 bằng khoá của cổng; khoá công khai là
   \`public-key.pem\` (SHA-256 của khoá ở dạng DER: \`{fingerprint}\`). Kiểm tra chữ ký:
   \`openssl pkeyutl -verify -pubin -inkey public-key.pem -rawin -in checkpoints/<số>.json -sigfile checkpoints/<số>.sig\`.
   Nên đối chiếu dấu vân tay của khoá với bản mà trung tâm dữ liệu công bố.
2. Mỗi điểm kiểm tra ghi tên điểm trước nó (\`previous.sha256\` là SHA-256 của tệp điểm trước).
3. Mỗi mục nhật ký có \`content\`: đúng chuỗi byte đã được băm. SHA-256 của \`content\` (UTF-8) phải bằng \`hash\`;
   các trường của mục phải bằng các trường trong \`content\`; \`prevHash\` phải bằng \`hash\` của mục liền trước.
4. Điểm kiểm tra có số \`checkpoint\` liệt kê băm của từng mục nó phủ (\`entries.first\` … \`entries.last\`,
   \`entries.hashes\`): băm của mục phải là băm đã được ký. Mục mới hơn điểm kiểm tra cuối cùng chỉ được bảo vệ
   bởi chuỗi băm cho tới điểm kiểm tra sau.

## Verifying (English)

You need Python 3.8+ and OpenSSL 3, nothing of ours.

\`\`\`sh
tar xzf {bundle}.tar.gz && cd {bundle}
python3 verify.py        # exit 0: every entry and every checkpoint holds
\`\`\`

\`verify.py\` does exactly these steps, which you can repeat by hand:

1. Each checkpoint (\`checkpoints/<number>.json\`) is signed with Ed25519 by the console's key; the public key is
   \`public-key.pem\` (SHA-256 of its DER form: \`{fingerprint}\`). Check a signature with
   \`openssl pkeyutl -verify -pubin -inkey public-key.pem -rawin -in checkpoints/<number>.json -sigfile checkpoints/<number>.sig\`.
   Compare the key's fingerprint with the one the data centre publishes.
2. Each checkpoint names the one before it (\`previous.sha256\` is the SHA-256 of the previous file).
3. Each entry carries \`content\`: exactly the bytes that were hashed. The SHA-256 of \`content\` (UTF-8) must be its
   \`hash\`; the entry's fields must equal those in \`content\`; \`prevHash\` must be the \`hash\` of the entry before it.
4. The checkpoint numbered in \`checkpoint\` lists the hash of every entry it covers (\`entries.first\` …
   \`entries.last\`, \`entries.hashes\`): the entry's hash must be the one that was signed. Entries newer than the
   last checkpoint are protected by the hash chain alone until the next checkpoint.

Files: \`entries.json\` or \`entries.csv\` (in a spreadsheet; a cell that could be read as a formula starts with an
extra \`'\`), \`checkpoints/\`, \`public-key.pem\`, \`export.json\` (what was asked for, by whom, when), \`verify.py\`.
`

export const VERIFY_PY = `#!/usr/bin/env python3
# Checks this export of the audit trail of the Lang Son government cloud console (README.md):
# the checkpoints' signatures (with OpenSSL) and links, and each entry against its own hash,
# the entry before it and the checkpoint that signed it. Python 3.8+ and OpenSSL 3; nothing else.
import base64, csv, hashlib, json, os, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
FIELDS = ['seq', 'at', 'actorId', 'actorLabel', 'action', 'entityType', 'entityId', 'agencyId',
          'outcome', 'before', 'after', 'sourceIp', 'userAgent', 'requestId', 'prevHash']


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def from_csv(row):
    # An empty cell is null; a cell written with a leading ' (an empty text, or one a spreadsheet
    # could take for a formula) loses that one '.
    entry = {k: (None if v == '' else v[1:] if v.startswith("'") else v) for k, v in row.items()}
    entry['seq'] = int(entry['seq'])
    entry['checkpoint'] = int(entry['checkpoint']) if entry['checkpoint'] else None
    entry['before'], entry['after'] = json.loads(entry['before']), json.loads(entry['after'])
    return entry


def load_entries():
    path = os.path.join(HERE, 'entries.json')
    if os.path.exists(path):
        with open(path, encoding='utf-8') as f:
            return json.load(f)['entries']
    with open(os.path.join(HERE, 'entries.csv'), encoding='utf-8', newline='') as f:
        return [from_csv(row) for row in csv.DictReader(f)]


def key_fingerprint():
    with open(os.path.join(HERE, 'public-key.pem')) as f:
        body = ''.join(line.strip() for line in f if not line.startswith('-----'))
    return sha256(base64.b64decode(body))


def signature_holds(path):
    result = subprocess.run(['openssl', 'pkeyutl', '-verify', '-pubin', '-inkey', 'public-key.pem', '-rawin',
                             '-in', path, '-sigfile', path[:-len('.json')] + '.sig'], cwd=HERE, capture_output=True)
    return result.returncode == 0


def load_checkpoints(problems):
    folder = os.path.join(HERE, 'checkpoints')
    fingerprint, checkpoints = key_fingerprint(), {}
    for name in sorted(n for n in os.listdir(folder) if n.endswith('.json')):
        path = os.path.join('checkpoints', name)
        with open(os.path.join(HERE, path), 'rb') as f:
            body = f.read()
        document = json.loads(body)
        if not signature_holds(path):
            problems.append('checkpoint %s: the signature does not verify' % name)
        elif document['publicKey']['sha256'] != fingerprint:
            problems.append('checkpoint %s: signed by another key' % name)
        else:
            checkpoints[document['number']] = (document, sha256(body))
    for number, (document, _) in sorted(checkpoints.items()):
        before = checkpoints.get(number - 1)
        if before and (document['previous'] is None or document['previous']['sha256'] != before[1]):
            problems.append('checkpoint %d does not name checkpoint %d' % (number, number - 1))
    return checkpoints


def signed_hash(checkpoints, seq):
    for number, (document, _) in checkpoints.items():
        covered = document['entries']
        if covered['first'] <= seq <= covered['last']:
            return number, covered['hashes'][seq - covered['first']]
    return None, None


def check_entry(entry, previous, checkpoints, problems):
    seq, content = entry['seq'], entry['content']
    if sha256(content.encode('utf-8')) != entry['hash']:
        return problems.append('entry #%d: its content does not give its hash' % seq) or 'broken'
    hashed = json.loads(content)
    shown = dict(entry, seq=str(seq))
    differing = [k for k in FIELDS if hashed.get(k) != shown.get(k)]
    if differing:
        return problems.append('entry #%d: %s differ from what was hashed' % (seq, ', '.join(differing))) or 'broken'
    if previous and previous['seq'] == seq - 1 and previous['hash'] != entry['prevHash']:
        problems.append('entry #%d: does not name the hash of entry #%d' % (seq, seq - 1))
    number, signed = signed_hash(checkpoints, seq)
    if number is None:
        return 'unanchored'
    if signed != entry['hash']:
        return problems.append('entry #%d: not the entry checkpoint %d signed' % (seq, number)) or 'broken'
    return 'anchored'


def main():
    problems = []
    checkpoints = load_checkpoints(problems)
    counts, previous = {'anchored': 0, 'unanchored': 0, 'broken': 0}, None
    for entry in sorted(load_entries(), key=lambda e: e['seq']):
        counts[check_entry(entry, previous, checkpoints, problems)] += 1
        previous = entry
    print('%d checkpoints verified; %d entries match a signed checkpoint, %d are newer than the last one '
          'in this export (checked against their own hash only), %d do not verify'
          % (len(checkpoints), counts['anchored'], counts['unanchored'], counts['broken']))
    for problem in problems:
        print('PROBLEM: ' + problem)
    sys.exit(1 if problems else 0)


if __name__ == '__main__':
    main()
`
