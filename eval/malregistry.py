"""The pypi_malregistry TRAIN split for eval/run.

Only the train split is used: one archive per project name whose SHA-256 does not start with
c, d, e or f (the rule of the snapshot's split script, which is used when present). The other
names are never read or scanned. Archives are read from the bare git directory into a temporary
folder (never a repository), opened in memory by Python only to label them (family fingerprint,
technique labels), and scanned by tarsier as local archives. Nothing is extracted or executed.

Families: near-identical samples share one fingerprint: the token shape of the sample's main
code file (setup.py, else its largest .py file) with every identifier that is not a Python
keyword, every string and every number replaced by a placeholder. Renamed copies of one
obfuscated setup.py with other URLs or payload strings fall into one family.

Techniques: labels from regexes over the sample's Python text, independent of tarsier's rules
(a sample may carry several); expected capabilities follow from them.
"""
import hashlib
import io
import keyword
import os
import re
import subprocess
import tarfile
import tempfile
import time
import zipfile

SPLIT_SCRIPT = "/work/shared/eval/malregistry_split.py"
BATCH = 250
MAX_MEMBER = 2 << 20

# (technique, expected capabilities, regexes that must all match one file's text)
TECHNIQUES = [
    ("decode-exec", ["eval"], [r"\b(exec|eval|compile)\s*\(",
                               r"b64decode|b32decode|b85decode|a85decode|fromhex|unhexlify|"
                               r"decompress|marshal\.loads|codecs\.decode"]),
    ("fernet-exec", ["eval"], [r"\bFernet\(", r"\bexec\s*\("]),
    ("pyarmor", ["obfuscation"], [r"__pyarmor__|pyarmor_runtime"]),
    ("non-ascii-identifiers", ["obfuscation"], [r"[^\x00-\x7f]\w*\s*="]),
    ("webhook-exfiltration", ["network", "exfiltration"],
     [r"discord(app)?\.com/api/webhooks|api\.telegram\.org|hooks\.slack\.com|webhook\.site"]),
    ("credential-stores", ["filesystem"],
     [r"Login Data|Local State|leveldb|Exodus|Electrum|\.aws[/\\]+credentials|\.ssh[/\\]"]),
    ("download-execute", ["network", "shell"],
     [r"urlretrieve|urlopen|requests\.get|\.content\b",
      r"os\.system|subprocess|Popen|startfile"]),
    ("host-beacon", ["network"],
     [r"gethostname|getuser|getlogin|platform\.node",
      r"requests\.(get|post)|urlopen|urllib\.request|http\.client"]),
    ("process-start", ["shell"], [r"os\.system\s*\(|subprocess\.|Popen\s*\(|startfile\s*\("]),
    ("install-hook", ["install-scripts"], [r"cmdclass\s*="]),
]
COMPILED = [(name, caps, [re.compile(rx) for rx in rxs]) for name, caps, rxs in TECHNIQUES]
TOKEN = re.compile(r"""'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|\d[\w.]*|\w+|\S""")


def train_paths(git_dir):
    if os.path.exists(SPLIT_SCRIPT):
        out = subprocess.run(["python3", SPLIT_SCRIPT, git_dir, "train"], check=True,
                             stdout=subprocess.PIPE, text=True).stdout
        return [p for p in out.split("\n") if p]
    listing = subprocess.run(["git", "--git-dir", git_dir, "ls-tree", "-r", "--name-only", "HEAD"],
                             check=True, stdout=subprocess.PIPE, text=True).stdout.split("\n")
    by_name = {}
    for path in listing:
        if path.endswith((".tar.gz", ".zip", ".whl")) and path.count("/") == 2:
            by_name.setdefault(path.split("/")[0].lower(), []).append(path)
    return [sorted(by_name[n])[0] for n in sorted(by_name)
            if hashlib.sha256(n.encode()).hexdigest()[0] not in "cdef"]


def read_blobs(git_dir, paths):
    """Yields (path, bytes) through one `git cat-file --batch`."""
    proc = subprocess.Popen(["git", "--git-dir", git_dir, "cat-file", "--batch"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    for path in paths:
        proc.stdin.write(("HEAD:%s\n" % path).encode())
        proc.stdin.flush()
        header = proc.stdout.readline().split()
        if len(header) < 3 or header[1] != b"blob":
            yield path, b""
            continue
        data = proc.stdout.read(int(header[2]))
        proc.stdout.read(1)
        yield path, data
    proc.stdin.close()
    proc.wait()


def python_files(data, path):
    """(name, text) of the .py files of an archive, read in memory under size limits."""
    files = []
    try:
        if path.endswith((".zip", ".whl")):
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                for info in z.infolist()[:5000]:
                    if info.filename.endswith(".py") and info.file_size <= MAX_MEMBER:
                        files.append((info.filename, z.read(info).decode("utf-8", "replace")))
        else:
            with tarfile.open(fileobj=io.BytesIO(data), mode="r:*") as t:
                for m in t.getmembers()[:5000]:
                    if m.isfile() and m.name.endswith(".py") and m.size <= MAX_MEMBER:
                        files.append((m.name, t.extractfile(m).read().decode("utf-8", "replace")))
    except Exception:  # hostile or broken archive: tarsier reports it; no labels here
        pass
    return files


def fingerprint(files):
    if not files:
        return "no-python"
    setup = [f for f in files if f[0].endswith("/setup.py") or f[0] == "setup.py"]
    name, text = setup[0] if setup else max(files, key=lambda f: len(f[1]))
    shape = []
    for m in TOKEN.finditer(text[:200000]):
        tok = m.group(0)
        if tok[0] in "'\"":
            shape.append("S")
        elif tok[0].isdigit():
            shape.append("N")
        elif tok[0].isalnum() or tok[0] == "_" or ord(tok[0]) > 127:
            shape.append(tok if keyword.iskeyword(tok) else "I")
        else:
            shape.append(tok)
    return hashlib.sha1(" ".join(shape).encode()).hexdigest()[:12]


def label(files):
    techniques, caps = [], set()
    for name, expected, rxs in COMPILED:
        if any(all(rx.search(t[:2000000]) for rx in rxs) for _, t in files):
            techniques.append(name)
            caps.update(expected)
    return techniques or ["unlabelled"], sorted(caps)


def identity(report_pkg):
    return (re.sub(r"[-_.]+", "-", report_pkg["name"].lower()), report_pkg.get("version", ""))


def scan_batch(opts, run_tarsier, batch):
    code, report, seconds, _ = run_tarsier(opts, [b["file"] for b in batch])
    found = {}
    for p in report["packages"]:
        found.setdefault(identity(p), []).append(p)
    for b in batch:
        hits = found.get(b["key"])
        if hits:
            b["result"] = hits.pop(0)
    for b in batch:  # identity not derivable from the file name: scan alone
        if "result" not in b:
            _, one, more, _ = run_tarsier(opts, [b["file"]])
            seconds += more
            b["result"] = one["packages"][0] if one["packages"] else {"risk": "none"}
    return seconds


def evaluate(opts, run_tarsier):
    git_dir = opts.malregistry
    if not git_dir or not os.path.isdir(git_dir):
        return None
    paths = train_paths(git_dir)
    if opts.quick:
        paths = paths[::10]
    samples, seconds = [], 0.0
    with tempfile.TemporaryDirectory() as tmp:
        batch = []
        for i, (path, data) in enumerate(read_blobs(git_dir, paths)):
            base = os.path.basename(path)
            folder = os.path.join(tmp, str(i))
            os.mkdir(folder)
            with open(os.path.join(folder, base), "wb") as f:
                f.write(data)
            files = python_files(data, path)
            techniques, caps = label(files)
            stem = re.sub(r"(\.tar\.gz|\.zip|\.whl)$", "", base)
            cut = [m.start() for m in re.finditer(r"-\d", stem)]
            name, version = (stem[:cut[-1]], stem[cut[-1] + 1:]) if cut else (stem, "")
            if base.endswith(".whl"):
                name, version = (stem.split("-") + [""])[:2]
            batch.append({"name": path.split("/")[0], "file": os.path.join(folder, base),
                          "key": (re.sub(r"[-_.]+", "-", name.lower()), version),
                          "techniques": techniques, "caps": caps,
                          "family": fingerprint(files)})
            if len(batch) == BATCH:
                seconds += scan_batch(opts, run_tarsier, batch)
                samples += batch
                batch = []
        if batch:
            seconds += scan_batch(opts, run_tarsier, batch)
            samples += batch
    out = [{"name": b["name"], "ecosystem": "pypi", "malicious": True,
            "techniques": b["techniques"], "family": b["family"],
            "risk": b["result"].get("risk", "none"), "expected_caps": b["caps"],
            "caps": b["result"].get("capabilities", []),
            "threats": b["result"].get("threats", [])} for b in samples]
    return {"samples": out, "seconds": seconds}
