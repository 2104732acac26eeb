# Drives `ce kernel` through jupyter_client as Jupyter does: installs the
# kernelspec under a scratch prefix, starts the kernel, runs cells, completes,
# inspects, interrupts (SIGINT and interrupt_request), restarts and shuts down.
# Prints one JSON object of what came back; KernelTests checks it.
# usage: kernel_session.py CE_EXECUTABLE SCRATCH_FOLDER
import json, os, subprocess, sys, threading, time

ce, scratch = sys.argv[1], sys.argv[2]
subprocess.run([ce, "kernel", "install", "--prefix", scratch], check=True, capture_output=True)
os.environ["JUPYTER_PATH"] = os.path.join(scratch, "share", "jupyter")
os.chdir(scratch)

from jupyter_client.manager import start_new_kernel

km, kc = start_new_kernel(kernel_name="ce", startup_timeout=60, cwd=scratch)
report = {}


def run(code, timeout=60):
    """The reply content and the IOPub messages (type, content) of one cell."""
    messages = []
    reply = kc.execute_interactive(code, output_hook=lambda m: messages.append((m["msg_type"], m["content"])),
                                   timeout=timeout)
    return reply["content"], messages


def outputs(messages, kind):
    return [c for t, c in messages if t == kind]


def interrupted_cell(code, interrupt):
    """Runs a long cell, interrupts it after its output starts, returns its reply."""
    kc.execute(code)
    time.sleep(1.5)
    interrupt()
    started = time.time()
    while True:
        reply = kc.get_shell_msg(timeout=60)
        if reply["msg_type"] == "execute_reply":
            return reply["content"], time.time() - started


info = kc.kernel_info(reply=True, timeout=30)["content"]
report["language_info"] = info["language_info"]
report["protocol_version"] = info["protocol_version"]

reply, messages = run('a = 41\nprint("hello")\na + 1')
report["first"] = {"status": reply["status"], "count": reply["execution_count"],
                   "streams": [c["text"] for c in outputs(messages, "stream")],
                   "results": [c["data"]["text/plain"] for c in outputs(messages, "execute_result")],
                   "states": [c["execution_state"] for c in outputs(messages, "status")],
                   "inputs": [c["code"] for c in outputs(messages, "execute_input")]}

reply, messages = run('plot([1, 2, 3], [3, 1, 2], out="k.png")\nplot([1, 2, 3], [3, 1, 2], out="k.svg")')
pictures = outputs(messages, "display_data")
import base64
report["pictures"] = [sorted(p["data"].keys()) for p in pictures]
report["png_signature"] = base64.b64decode(pictures[0]["data"]["image/png"])[:8].hex() if pictures else ""
report["svg_has_tag"] = bool(pictures) and len(pictures) > 1 and "<svg" in pictures[1]["data"].get("image/svg+xml", "")

# Without out=, a plot draws as text, as in a transcript (notebooks and transcripts show the same).
reply, messages = run("plot([1, 2, 3], [3, 1, 2])")
report["plot_as_text"] = [len(outputs(messages, "display_data")), len(outputs(messages, "stream"))]

reply, messages = run("b = 2\nnosuch(1)")
errors = outputs(messages, "error")
report["error"] = {"status": reply["status"], "ename": reply.get("ename"), "evalue": reply.get("evalue"),
                   "traceback": errors[0]["traceback"] if errors else []}

run('run = anneal("triangular", size=12, composition={"Li": 1/3}, energy="charge-balance", kT=0.5, sweeps=10, seed=1)')
reply, messages = run("run")
table = outputs(messages, "execute_result")[0]["data"]
report["table_result"] = [sorted(table.keys()), table.get("text/html", "")[:60]]
completion = kc.complete("run.fin", 7, reply=True, timeout=30)["content"]
report["complete"] = {"matches": completion["matches"], "start": completion["cursor_start"], "end": completion["cursor_end"]}
completion = kc.complete("x = ann", 7, reply=True, timeout=30)["content"]
report["complete_name"] = completion["matches"]
# cursor_pos counts code points (Python's len): the thumb with its skin tone and the e with its accent are
# two each, one character each in ce.
wide = 's = "\U0001F44D\U0001F3FDe\u0301"\nz = ann + 1'
completion = kc.complete(wide, wide.index("ann") + 3, reply=True, timeout=30)["content"]
report["complete_wide"] = {"matches": completion["matches"], "start": completion["cursor_start"],
                           "end": completion["cursor_end"], "expected": [wide.index("ann"), wide.index("ann") + 3]}
inspection = kc.inspect("anneal(", 3, reply=True, timeout=30)["content"]
report["inspect"] = {"found": inspection["found"], "text": inspection["data"].get("text/plain", "")[:200]}
kc.is_complete("for i in range(3) {")
report["is_complete_open"] = kc.get_shell_msg(timeout=30)["content"]["status"]
kc.is_complete("for i in range(3) { print(i) }")
report["is_complete_closed"] = kc.get_shell_msg(timeout=30)["content"]["status"]

long_anneal = ('long = anneal("triangular", size=48, composition={"Li": 1/3}, energy="charge-balance", '
               'kT=0.5, sweeps=100000000, seed=2)')
reply, seconds = interrupted_cell(long_anneal, km.interrupt_kernel)
report["sigint"] = {"status": reply["status"], "ename": reply.get("ename"), "seconds": seconds}
reply, messages = run("[a, b, run.final_energy]")
report["after_sigint"] = [c["data"]["text/plain"] for c in outputs(messages, "execute_result")]

def interrupt_request():
    kc.control_channel.send(kc.session.msg("interrupt_request", {}))

reply, seconds = interrupted_cell(long_anneal, interrupt_request)
report["interrupt_request"] = {"status": reply["status"], "ename": reply.get("ename"), "seconds": seconds}
control_reply = kc.control_channel.get_msg(timeout=30)
report["interrupt_reply"] = [control_reply["msg_type"], control_reply["content"]["status"]]
reply, messages = run("a * 2")
report["after_interrupt_request"] = [c["data"]["text/plain"] for c in outputs(messages, "execute_result")]

# An interpreted loop stops with the interrupt diagnostic as the cell's error.
reply, seconds = interrupted_cell("spins = 0\nwhile true {\n    spins = spins + 1\n}", km.interrupt_kernel)
report["loop"] = {"status": reply["status"], "ename": reply.get("ename"), "evalue": reply.get("evalue"), "seconds": seconds}
reply, messages = run("[a, spins > 0]")
report["after_loop"] = [c["data"]["text/plain"] for c in outputs(messages, "execute_result")]

history = kc.history(hist_access_type="tail", n=3, reply=True, timeout=30)["content"]["history"]
report["history"] = [entry[2] for entry in history]

km.restart_kernel(now=False)
kc.wait_for_ready(timeout=60)
reply, messages = run("a")
report["after_restart"] = {"status": reply["status"], "count": reply["execution_count"], "evalue": reply.get("evalue")}
reply, messages = run("1 + 1")
report["after_restart_result"] = [c["data"]["text/plain"] for c in outputs(messages, "execute_result")]

kc.stop_channels()
km.shutdown_kernel(now=False)
report["alive_after_shutdown"] = km.is_alive()
print(json.dumps(report))
