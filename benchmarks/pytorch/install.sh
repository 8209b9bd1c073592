#!/bin/sh
# Debian's PyTorch (1.13 on Debian 12) for the side-by-side step benchmark; no PyPI.
set -e
apt-get install -y python3-torch
/usr/bin/python3 -c 'import torch; print("torch", torch.__version__)'
