"""check_readme.py — the README's tour is true (tests/t_docs.sh).

Usage: check_readme.py README.md MASSIM [--skip-slow]

In a scratch directory that links the repository's scenarios/ and plots/
and MASSIM as ./massim, runs every command of the tour's ```sh blocks
(the section "A short tour"), in order, then every ```python block with
/usr/bin/python3; compares the sample output shown after the first
command with what that command prints (the shown lines, up to "...");
runs the commands quoted in the prose; and runs each `massim VERB` named
in the tour with --help.
--skip-slow leaves out `massim figures` (the ASan pass: t_figures runs it).
Prints one "ok - ..." / "not ok - ..." line per check.
"""
import os
import re
import shlex
import subprocess
import sys
import tempfile

readme, massim = sys.argv[1], os.path.abspath(sys.argv[2])
skip_slow = "--skip-slow" in sys.argv
root = os.path.dirname(os.path.abspath(readme))
text = open(readme).read()
tour = text[text.index("## A short tour"):]
tour = tour[:tour.index("\n## ", 3)]
blocks = re.findall(r"```(\w*)\n(.*?)```", tour, re.S)

work = tempfile.mkdtemp()
for d in ("scenarios", "plots"):
    os.symlink(os.path.join(root, d), os.path.join(work, d))
os.symlink(massim, os.path.join(work, "massim"))
env = dict(os.environ, MASSIM_PLOTS=os.path.join(root, "plots"))


def report(ok, what, why=""):
    print("%s - README tour: %s%s" % ("ok" if ok else "not ok", what, "" if ok else ": " + why))


first_out = None
for i, (lang, body) in enumerate(blocks):
    if lang == "sh":
        for line in body.splitlines():
            cmd = line.split("#", 1)[0].strip()
            if not cmd:
                continue
            if skip_slow and cmd.startswith("./massim figures"):
                print("ok - README tour: %s # skip: t_figures runs it" % cmd)
                continue
            r = subprocess.run(shlex.split(cmd), cwd=work, env=env, capture_output=True, text=True)
            report(r.returncode == 0, cmd, "exit %d: %s" % (r.returncode, r.stderr.strip()[:300]))
            if first_out is None:
                first_out = r.stdout + r.stderr
                shown = blocks[i + 1][1] if i + 1 < len(blocks) and blocks[i + 1][0] == "" else ""
                lines = [ln for ln in shown.splitlines() if ln.strip() and ln.strip() != "..."]
                got = first_out.splitlines()
                bad = [ln for k, ln in enumerate(lines) if k >= len(got) or got[k] != ln]
                report(bool(lines) and not bad, "the sample output of '%s' is what it prints (%d lines)"
                       % (cmd, len(lines)), "differs at %r; got %r" % (bad[:1], got[:len(lines)]))
    elif lang == "python":
        r = subprocess.run(["/usr/bin/python3", "-c", body], cwd=work, capture_output=True, text=True)
        report(r.returncode == 0, "the Python block runs with /usr/bin/python3",
               r.stderr.strip()[-300:])
# commands in the prose (`./massim export mas.h5 --csv mas.csv`, `massim
# criteria mas.h5`), after the blocks made their files; FILE, VERB and
# SECTION are placeholders, not commands
prose = re.sub(r"```.*?```", "", tour, flags=re.S)
for span in re.findall(r"`(?:\./)?(massim [^`]+)`", prose):
    if re.search(r"\b[A-Z]{3,}\b", span):
        continue
    r = subprocess.run([massim] + shlex.split(span)[1:], cwd=work, env=env, capture_output=True, text=True)
    report(r.returncode == 0, span, "exit %d: %s" % (r.returncode, r.stderr.strip()[:300]))
for verb in sorted(set(re.findall(r"`massim ([a-z]+)", tour))):
    r = subprocess.run([massim, verb, "--help"], capture_output=True, text=True)
    report(r.returncode == 0 and "usage: massim " + verb in r.stdout, "massim %s --help" % verb,
           "exit %d" % r.returncode)
subprocess.run(["rm", "-rf", work])
