# Executes shipped notebooks with nbclient against `ce kernel` (in examples/,
# where their transcripts replay) and renders notebooks to HTML with
# `jupyter nbconvert --to html`. Writes the executed notebooks into the
# scratch folder and prints one JSON object about the HTML; NotebookTests
# converts the executed notebooks back and compares them with the transcripts.
# usage: notebook_run.py CE_EXECUTABLE SCRATCH_FOLDER EXAMPLES_FOLDER NAME... -- HTML_NOTEBOOK...
import json, os, re, subprocess, sys

ce, scratch, examples = sys.argv[1:4]
split = sys.argv.index("--")
names, rendered = sys.argv[4:split], sys.argv[split + 1:]
subprocess.run([ce, "kernel", "install", "--prefix", scratch], check=True, capture_output=True)
os.environ["JUPYTER_PATH"] = os.path.join(scratch, "share", "jupyter")

import nbformat
from nbclient import NotebookClient

for name in names:
    notebook = nbformat.read(os.path.join(examples, name + ".ipynb"), as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    NotebookClient(notebook, kernel_name="ce", timeout=600, allow_errors=True,
                   resources={"metadata": {"path": examples}}).execute()
    nbformat.write(notebook, os.path.join(scratch, name + ".ipynb"))

report = {}
for path in rendered:
    subprocess.run([sys.executable, "-m", "nbconvert", "--to", "html", "--output-dir", scratch, path],
                   check=True, capture_output=True)
    html = open(os.path.join(scratch, os.path.splitext(os.path.basename(path))[0] + ".html")).read()
    report[os.path.basename(path)] = {
        "png_inline": len(re.findall(r'<img [^>]*src="data:image/png;base64,iVBORw0KGgo', html)),
        "svg_inline": len(re.findall(r'<img [^>]*src="data:image/svg\+xml;base64,', html)),
        "linked_images": len(re.findall(r'<img [^>]*src="(?!data:)', html)),
    }
print(json.dumps(report))
