"""Make the print edition's output-intent profile: FOGRA39L (ISO coated v2 paper, offset) as an ICC file.

Why we make it: the usual FOGRA39 profiles (ECI ISO Coated v2, Adobe Coated FOGRA39) may not be
redistributed in a repository. FOGRA's own measurement data may: Debian's icc-profiles-free ships it as
FOGRA39L.ti3 under the Zlib licence, and ArgyllCMS's colprof turns it into a profile. colprof stamps the
current date into the ICC header; we set it to the data's date, so the output is the same on every run:

    sudo apt-get install icc-profiles-free argyll
    make icc
"""

import hashlib
import shutil
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MEASUREMENTS = Path("/usr/share/color/icc/FOGRA39L.ti3")
OUTPUT = ROOT / "styles" / "icc" / "FOGRA39L-coated.icc"
DESCRIPTION = "FOGRA39L coated"
# ArgyllCMS colprof: medium quality, no copy of the measurements inside, ramp black generation,
# 330 % total ink (ISO 12647-2 sheet-fed on coated paper).
COLPROF_OPTIONS = ["-qm", "-nc", "-kr", "-l330", "-D", DESCRIPTION]
HEADER_DATE = (2006, 12, 1, 0, 0, 0)  # FOGRA39L.ti3: CREATED "December 2006"
HEADER_DATE_OFFSET = 24  # ICC.1 header: dateTimeNumber, six big-endian uint16


def main() -> int:
    if shutil.which("colprof") is None:
        print("colprof is missing: run 'sudo apt-get install argyll'", file=sys.stderr)
        return 1
    if not MEASUREMENTS.is_file():
        print(f"{MEASUREMENTS} is missing: run 'sudo apt-get install icc-profiles-free'", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as work:
        shutil.copy(MEASUREMENTS, Path(work) / "FOGRA39L.ti3")
        subprocess.run(["colprof", *COLPROF_OPTIONS, "FOGRA39L"], cwd=work, check=True,
                       stdout=subprocess.DEVNULL)
        profile = bytearray((Path(work) / "FOGRA39L.icc").read_bytes())
    profile[HEADER_DATE_OFFSET:HEADER_DATE_OFFSET + 12] = struct.pack(">6H", *HEADER_DATE)
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_bytes(profile)
    print(f"{hashlib.sha256(profile).hexdigest()}  {OUTPUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
