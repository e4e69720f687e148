#!/usr/bin/env bash
# Gradescope builds the autograder image with this once (Ubuntu, as root).
set -euo pipefail
apt-get install -y python3 python3-pip
pip3 install gradcli
