"""Long imports show a progress bar on a terminal, and nothing of it when piped."""

import os
import pty
import subprocess
import sys


def connections(path, rows):
    lines = ["First Name,Last Name,URL,Email Address,Company,Position,Connected On"]
    lines += [
        f"Prénom{i},Nom{i},https://www.linkedin.com/in/p{i},,Société {i % 50},Poste,04 Jul 2023"
        for i in range(rows)
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def test_progress_on_a_terminal_only(tmp_path):
    export = connections(tmp_path / "Connections.csv", 3000)
    command = [
        sys.executable,
        "-m",
        "graphintro.cli",
        "--db",
        str(tmp_path / "a.db"),
        "import",
        str(export),
        "--owner",
        "Me",
    ]
    leader, follower = pty.openpty()
    process = subprocess.Popen(command, stdin=follower, stdout=follower, stderr=follower, close_fds=True)
    os.close(follower)
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    assert process.wait() == 0
    assert b"importing" in seen and b"3000 contacts" in seen

    piped = subprocess.run(
        [*command[:4], str(tmp_path / "b.db"), *command[5:]], capture_output=True, text=True, check=True
    )
    assert "importing" not in piped.stderr and "\x1b[" not in piped.stdout + piped.stderr
    assert "3000 contacts" in piped.stdout
