"""Measure nibabel's NIfTI decode throughput, as a comparison point for Wsp's C# reader.

Run (system Python with Debian's nibabel: apt-get install -y python3-nibabel):

    /usr/bin/python3 benchmarks/nibabel/decode_throughput.py [shared_nifti_folder]

The folder defaults to <repo>/../shared/nifti. For each file it times
nib.load(path).get_fdata() (float64; a fresh nib.load per repetition so nothing is
cached), 1 warm-up then the median of REPS runs, and prints a Markdown table.
An uncompressed copy of totalseg__example_ct.nii.gz is written to a temporary
folder with Python's gzip module (not nibabel) and measured as well, as the C#
benchmark (NiftiDecodeBenchmarks) does.
"""
import gzip
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import nibabel as nib
import numpy as np

REPS = 9
FILES = [
    "totalseg__example_ct.nii.gz",     # int32, gzip
    "totalseg__example_ct_sm.nii.gz",  # int16, gzip
    "niivuedemo__CT_AVM.nii.gz",       # uint8, gzip
    "deb-nibabel__anatomical.nii",     # int16 big-endian, uncompressed
]


def median_ms(path):
    nib.load(path).get_fdata()  # warm-up
    times = []
    for _ in range(REPS):
        t0 = time.perf_counter()
        nib.load(path).get_fdata()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1e3


def main():
    default = Path(__file__).resolve().parents[2].parent / "shared" / "nifti"
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else default
    paths = [folder / name for name in FILES]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "totalseg__example_ct.nii"
        with gzip.open(folder / FILES[0], "rb") as src, open(out, "wb") as dst:
            shutil.copyfileobj(src, dst)
        paths.append(out)

        print(f"python {platform.python_version()}, nibabel {nib.__version__}, numpy {np.__version__}")
        print(f"nib.load(path).get_fdata() -> float64; "
              f"median of {REPS} runs after 1 warm-up\n")
        print("| file | shape | on-disk dtype | voxel MB | median ms | MB/s (voxels) |")
        print("|---|---|---|---:|---:|---:|")
        for path in paths:
            img = nib.load(path)
            dtype = img.get_data_dtype()
            mb = int(np.prod(img.shape)) * dtype.itemsize / 1e6
            ms = median_ms(path)
            shape = "x".join(map(str, img.shape))
            print(f"| {path.name} | {shape} | {dtype.str.lstrip('|')} ({dtype.name}) | {mb:.3f} "
                  f"| {ms:.2f} | {mb / (ms / 1e3):.1f} |")


if __name__ == "__main__":
    main()
