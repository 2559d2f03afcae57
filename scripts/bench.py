"""`make bench`: how long the book takes to build, cold and warm, how much memory it needs, and a 10× book.

Every build runs in a child process on a temporary copy of the project, so the real build/ is never touched and
each child's peak memory (its own ru_maxrss, from wait4) is measured alone. Times are medians of --runs runs.

    cold         `whitepaper build` with no build/ folder at all (charts, font caches and all made afresh)
    fresh        `whitepaper build` after editing one paragraph, caches kept (what `make pdf` costs an editor)
    server       a rebuild after editing one paragraph inside one warm process, as `make preview` does it: its
                 wall time runs until the changed pages are drawn and shown; the whole PDF and preflight follow
    10×          a synthetic book of ten times the chapters and charts, with the example book's chapters, tables
                 and pictures (examples/2023) in each tenth, generated here and thrown away
    diff         `whitepaper diff` of the book before and after the edits, as between two proofs (terminal report,
                 annotated PDF and HTML page): it should take no longer than a fresh build
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STAGE_LINE = re.compile(r"^(\w+)\s+(\d+\.\d+) s$")
SCALE = 10
EXAMPLE = ROOT / "examples" / "2023" / "content"  # its tables and pictures join the 10× book
TARGETS = {  # what issue 5 asks for
    "cold wall": 3.0,
    "fresh wall": 2.0,
    "server rebuild (until shown)": 1.0,
    "peak memory (MB)": 500,
    "10× memory (MB)": 1500,
}


@dataclass
class Run:
    wall: float
    stages: dict[str, float]
    peak_mb: float
    extra: dict = field(default_factory=dict)


def copy_project(destination: Path) -> Path:
    """content/ and styles/ copied (the benchmark edits them), fonts/ linked."""
    shutil.copytree(ROOT / "content", destination / "content")
    shutil.copytree(ROOT / "styles", destination / "styles")
    (destination / "fonts").symlink_to(ROOT / "fonts")
    return destination


def edit_paragraph(project: Path, mark: int) -> None:
    """Change the first paragraph of a chapter, with digits only (the fonts have every digit)."""
    path = sorted((project / "content" / "chapters").glob("*.md"))[1]
    lines = path.read_text(encoding="utf-8").split("\n")
    body = lines.index("---", 1) + 1
    first = next(number for number in range(body, len(lines)) if lines[number].strip())
    lines[first] = re.sub(r"\d+$", "", lines[first]) + str(mark)
    path.write_text("\n".join(lines), encoding="utf-8")


def run_child(arguments: list[str], cwd: Path, echo: str | None = None) -> tuple[str, str, float]:
    """Run a child to the end; its stdout, its stderr (echoed live under `echo`), and its peak memory in MB."""
    with tempfile.TemporaryFile() as stdout:
        child = subprocess.Popen(arguments, cwd=cwd, stdout=stdout, stderr=subprocess.PIPE, text=True,
                                 env={**os.environ, "WHITEPAPER_LANG": "en"})  # the stage lines it reads are English
        lines = []
        for line in child.stderr:
            lines.append(line)
            if echo:
                print(f"  {echo}: {line.rstrip()}", file=sys.stderr, flush=True)
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        stdout.seek(0)
        output = stdout.read().decode()
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(arguments)} failed ({child.returncode}):\n{''.join(lines)}{output}")
    return output, "".join(lines), usage.ru_maxrss / 1024


def cli_build(project: Path, echo: str | None = None) -> Run:
    started = time.perf_counter()
    _, log, peak = run_child([sys.executable, "-m", "whitepaper", "build", "--project", str(project)], project, echo)
    wall = time.perf_counter() - started
    stages = {match[1]: float(match[2]) for match in map(STAGE_LINE.match, log.splitlines()) if match}
    return Run(wall, stages, peak)


def cli_diff(project: Path, old: Path, new: Path) -> Run:
    started = time.perf_counter()
    outputs = ["--annotated", str(project / "build" / "changes.pdf"), "--html", str(project / "build" / "changes.html")]
    _, _, peak = run_child([sys.executable, "-m", "whitepaper", "diff", str(old), str(new), *outputs], project)
    return Run(time.perf_counter() - started, {}, peak)


def server_builds(project: Path, runs: int) -> list[Run]:
    output, _, peak = run_child([sys.executable, __file__, "--server-child", str(project), str(runs)], project)
    return [Run(result["wall"], result["stages"], peak) for result in json.loads(output)]


def server_child(project: Path, runs: int) -> None:
    """In the child: one warm Builder, as the preview server keeps it, rebuilt after each paragraph edit."""
    sys.path.insert(0, str(ROOT))
    from whitepaper.processes import collect_between_builds, tune_garbage_collector

    tune_garbage_collector()  # as the command line does, before the preview's modules are imported
    from whitepaper.pipeline import Builder, Project, Stages
    from whitepaper.preview.page_pictures import PagePictures
    from whitepaper.preview.session import typeset_and_draw, whole_pdf

    builder = Builder(Project(project), draft=True)  # as the preview makes it
    pictures = PagePictures()
    typeset_and_draw(builder, pictures, Stages())  # the preview's first build: every page drawn
    results = []
    for mark in range(runs):
        edit_paragraph(project, mark)
        started = time.perf_counter()
        stages = Stages()
        typeset = typeset_and_draw(builder, pictures, stages)
        shown = time.perf_counter() - started
        collect_between_builds()  # as the preview does once the pages are shown
        builder.preflight(whole_pdf(builder, typeset, stages), stages)
        results.append({"wall": shown, "stages": stages.timings})
    print(json.dumps(results))


def numbered_items(content: Path) -> int:
    """The highest number of a book's chart and table files (table-07.yaml): each copy's are numbered on from it."""
    return max(int(re.search(r"\d+", path.stem)[0]) for folder in ("charts", "tables")
               for path in (content / folder).glob("*.yaml"))


LABEL_USE = re.compile(r"\{(ref:|page:|title:|#)(?!table-\d)([^{}]+)\}")  # a chapter's or section's label


def scaled_book(source: Path, destination: Path, factor: int, example: Path = EXAMPLE) -> Path:
    """The book followed by the example book's chapters (with their tables and pictures), repeated `factor` times.
    Chart and table files are numbered on (their labels with them), chapters and sections get labels of their
    own copy, and chart labels and series names get the copy's number so that every chart is new to the
    renderer. The pictures are shared by every copy."""
    project = copy_project(destination)
    content = project / "content"
    for folder in ("chapters", "charts", "tables"):
        shutil.rmtree(content / folder, ignore_errors=True)
        (content / folder).mkdir()
    shutil.copytree(example / "pictures", content / "pictures", dirs_exist_ok=True)
    books = [(source / "content", 0), (example, numbered_items(source / "content"))]  # each with its first number
    per_copy = sum(numbered_items(book) for book, _ in books)
    chapter_count = sum(len(list((book / "chapters").glob("*.md"))) for book, _ in books)
    for copy in range(factor):
        order = copy * chapter_count
        for index, (book, offset) in enumerate(books):
            shift = copy * per_copy + offset
            prefix = f"b{index}c{copy}-"  # a label of this book's copy: the same chapter copied is another chapter

            def renumber(match, shift=shift):
                return f"table-{int(match[1]) + shift:03d}"

            def relabel(match, prefix=prefix):
                return f"{{{match[1]}{prefix}{match[2]}}}"

            for original in sorted((book / "chapters").glob("*.md")):
                text = re.sub(r"table-(\d+)", renumber, original.read_text(encoding="utf-8"))
                text = LABEL_USE.sub(relabel, text)
                order += 1
                (content / "chapters" / f"{order:03d}-{prefix}{original.name[3:]}").write_text(text, "utf-8")
            for folder in ("charts", "tables"):
                for original in sorted((book / folder).glob("*.yaml")):
                    text = re.sub(r"^number: \d+\n", "", original.read_text(encoding="utf-8"), flags=re.M)
                    if copy and folder == "charts":
                        text = re.sub(r"^(\s*- (?:label|name): .*)$", rf"\g<1>{copy}", text, flags=re.M)
                    number = int(re.search(r"\d+", original.stem)[0]) + shift
                    (content / folder / f"table-{number:03d}.yaml").write_text(text, "utf-8")
    return project


def median_run(runs: list[Run]) -> Run:
    stages = {name: statistics.median(run.stages.get(name, 0.0) for run in runs) for name in runs[0].stages}
    return Run(statistics.median(run.wall for run in runs), stages, max(run.peak_mb for run in runs))


def table(columns: dict[str, Run]) -> str:
    names = list(dict.fromkeys(name for run in columns.values() for name in run.stages))
    lines = [f"| stage | {' | '.join(columns)} |", "| --- |" + " ---: |" * len(columns)]
    for name in names:
        lines.append(f"| {name} | " + " | ".join(f"{run.stages[name]:.2f}" if name in run.stages else "–"
                                              for run in columns.values()) + " |")
    lines.append("| **wall** | " + " | ".join(f"**{run.wall:.2f}**" for run in columns.values()) + " |")
    lines.append("| peak memory (MB) | " + " | ".join(f"{run.peak_mb:.0f}" for run in columns.values()) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement (the median is shown)")
    parser.add_argument("--scale-runs", type=int, default=2, help="warm runs of the 10× book")
    parser.add_argument("--no-scale", action="store_true", help="skip the 10× book")
    parser.add_argument("--server-child", nargs=2, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.server_child:
        return server_child(Path(arguments.server_child[0]), int(arguments.server_child[1]))

    with tempfile.TemporaryDirectory(prefix="whitepaper-bench-") as temporary:
        project = copy_project(Path(temporary) / "book")
        print(f"cold builds ({arguments.runs}) …", file=sys.stderr, flush=True)
        cold = []
        for _ in range(arguments.runs):
            shutil.rmtree(project / "build", ignore_errors=True)
            cold.append(cli_build(project))
        print(f"fresh-process rebuilds after an edit ({arguments.runs}) …", file=sys.stderr, flush=True)
        before_edits = shutil.copy(project / "build" / "whitepaper.pdf", project / "build" / "before-edits.pdf")
        fresh = []
        for mark in range(arguments.runs):
            edit_paragraph(project, mark)
            fresh.append(cli_build(project))
        print(f"whitepaper diff of the book before and after the edits ({arguments.runs}) …", file=sys.stderr,
              flush=True)
        diffs = [cli_diff(project, Path(before_edits), project / "build" / "whitepaper.pdf")
                 for _ in range(arguments.runs)]
        print(f"rebuilds in one warm process ({arguments.runs}) …", file=sys.stderr, flush=True)
        server = server_builds(project, arguments.runs)
        columns = {"cold": median_run(cold), "fresh": median_run(fresh), "server": median_run(server),
                   "diff": median_run(diffs)}
        if not arguments.no_scale:
            big = scaled_book(ROOT, Path(temporary) / "big", SCALE)
            print(f"{SCALE}× book: cold build …", file=sys.stderr, flush=True)
            columns[f"{SCALE}× cold"] = cli_build(big, echo=f"{SCALE}×")
            print(f"{SCALE}× book: fresh-process rebuilds ({arguments.scale_runs}) …", file=sys.stderr, flush=True)
            scaled = []
            for mark in range(arguments.scale_runs):
                edit_paragraph(big, mark)
                scaled.append(cli_build(big, echo=f"{SCALE}×"))
            columns[f"{SCALE}× fresh"] = median_run(scaled)

    print(f"\n{time.strftime('%Y-%m-%d %H:%M %Z')}, {machine()}, median of {arguments.runs} runs (s)\n")
    print(table(columns))
    print("\nserver: wall time until the pages are shown (new pages: a PDF of the changed pages; draw: their pictures);"
          " the whole PDF and preflight follow.\n")
    print(verdicts(columns))


def verdicts(columns: dict[str, Run]) -> str:
    measured = {
        "cold wall": columns["cold"].wall,
        "fresh wall": columns["fresh"].wall,
        "server rebuild (until shown)": columns["server"].wall,
        "peak memory (MB)": max(run.peak_mb for name, run in columns.items() if "×" not in name),
    }
    scaled = f"{SCALE}× fresh" in columns
    if scaled:
        measured[f"{SCALE}× memory (MB)"] = max(columns[f"{SCALE}× {kind}"].peak_mb for kind in ("cold", "fresh"))
    lines = [f"{'met ' if value <= TARGETS[name] else 'MISS'}  {name}: {value:.2f} (target ≤ {TARGETS[name]})"
             for name, value in measured.items()]
    lines.append(f"{'met ' if columns['diff'].wall <= columns['fresh'].wall else 'MISS'}  diff of two proofs: "
                 f"{columns['diff'].wall:.2f} (target ≤ a fresh build, {columns['fresh'].wall:.2f})")
    for kind in ("cold", "fresh") if scaled else ():
        ratio = columns[f"{SCALE}× {kind}"].wall / columns[kind].wall
        lines.append(f"{'met ' if ratio <= SCALE else 'MISS'}  {SCALE}× book, {kind}: {ratio:.1f}× the time "
                     f"(target ≤ {SCALE}×)")
    return "\n".join(lines)


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), "unknown CPU")
    return f"{os.cpu_count()} cores ({cpu}), Python {sys.version.split()[0]}"


if __name__ == "__main__":
    main()
