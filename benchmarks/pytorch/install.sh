#!/bin/sh
# Debian's PyTorch (1.13 on Debian 12) for the side-by-side step benchmark; no PyPI.
# A fresh machine has no package lists yet, so they are fetched when the package is unknown.
set -e
if ! apt-cache show python3-torch > /dev/null 2>&1; then
    apt-get update
fi
apt-get install -y python3-torch
/usr/bin/python3 -c 'import torch; print("torch", torch.__version__)'
