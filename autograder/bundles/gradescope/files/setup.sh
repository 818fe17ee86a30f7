#!/usr/bin/env bash
# Gradescope runs this once, as root, while it builds the autograder image (Ubuntu).
# It installs the sandbox tools and a virtualenv with the course's pinned packages.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

apt-get update -qq
# bubblewrap and util-linux (prlimit, setpriv) build the sandbox learner code runs in.
apt-get install -y -qq --no-install-recommends bubblewrap util-linux python3-venv

python=python3
if ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  # Ubuntu 22.04 images ship Python 3.10; the grader needs 3.11 or newer.
  apt-get install -y -qq --no-install-recommends python3.11 python3.11-venv
  python=python3.11
fi

"$python" -m venv /autograder/venv
/autograder/venv/bin/pip install --no-cache-dir --quiet -r /autograder/source/requirements.txt
